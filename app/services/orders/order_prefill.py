"""A new order prefilled from the school's data and the editable default texts."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from app.core.school_year import SchoolYear
from app.core.textutil import format_date, lower_first
from app.errors import KuratorError
from app.models.db import Database
from app.paths import resource_path
from app.services.orders import order_pairs, order_programs
from app.services.orders.appendix_data import BaseForm, Regulation, Roadmap, RoadmapRow, Section
from app.services.orders.orders import Acquainted, AppendixData, OrderData, Point
from app.services.orders.roadmap_terms import dated_term
from app.services.people import persons as persons_service
from app.services.school import declension
from app.services.school.forms import Forms, FormUse
from app.services.school.school import SchoolData, get_school, missing_fields, require_complete

AVAILABLE_KINDS = ("implementation", "pairs", "programs", "results")
LATER: dict[str, str] = {}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def load_defaults(path: Path | None = None) -> dict[str, Any]:
    """``resources/reference/order_defaults.json``: titles, points, legal basis, roadmap."""
    path = path or resource_path("reference", "order_defaults.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def fill(template: str, values: dict[str, str], sentence: bool = True) -> str:
    """Substitute ``{name}`` placeholders; an unknown one is a bug in the defaults file.

    ``sentence`` capitalises the first letter (a point), otherwise it is lowered (a dash
    item or the «в целях …» clause that continues the preamble)."""

    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        if key not in values:
            raise KuratorError(f"В шаблоне приказа неизвестная подстановка {{{key}}}.")
        return values[key]

    text = _PLACEHOLDER.sub(sub, template)
    return (text[:1].upper() if sentence else text[:1].lower()) + text[1:]


def _person(db: Database, person_id: int | None) -> persons_service.PersonData | None:
    return persons_service.get_person(db, person_id) if person_id else None


def _values(db: Database, school: SchoolData, date: dt.date, forms: Forms) -> dict[str, str]:
    start, end = SchoolYear.parse(school.school_year).bounds()
    curator = _person(db, school.curator_id)
    secretary = _person(db, school.secretary_id)
    assert curator is not None and secretary is not None  # require_complete checked them
    return {
        "school_short": school.short_name,
        "school_full": school.full_name,
        "school_year": school.school_year,
        "period_start": format_date(start),
        "period_end": format_date(end),
        "acquaint_deadline": format_date(date + dt.timedelta(days=7)),
        "bases_deadline": format_date(max(date + dt.timedelta(days=14), start.replace(month=10))),
        "programs_deadline": format_date(date + dt.timedelta(days=21)),
        "curator_acc": forms.phrase(
            curator.position, curator.last_name, curator.first_name, curator.middle_name, "acc"
        ),
        "secretary_dat": forms.phrase(
            secretary.position or "секретарь",
            secretary.last_name,
            secretary.first_name,
            secretary.middle_name,
            "dat",
        ),
    }


def _programs_wording(count: int) -> dict[str, str]:
    """The programs order names one program in the singular and its lone appendix without a
    number (ГОСТ Р 7.0.97); several programs are appendices 1, 2 … (``{programs_acc}``,
    ``{programs_ref}`` of the defaults file)."""
    if count == 1:
        return {
            "programs_acc": "персонализированную программу наставничества",
            "programs_ref": "согласно приложению к настоящему приказу",
        }
    numbers = "1 и 2" if count == 2 else f"1–{count}"
    return {
        "programs_acc": "персонализированные программы наставничества",
        "programs_ref": f"согласно приложениям {numbers} к настоящему приказу",
    }


NO_PROGRAMS = (
    "Нет программ, ещё не утверждённых приказом: составьте их на вкладке "
    "«Программы» (состояние «проект» или «выполняется»)."
)
NO_YEAR_PROGRAMS = "В учебном году {year} не было программ наставничества — подводить итоги нечего."
NO_PAIRS = (
    "Нет пар и групп {year} учебного года, которые ещё не закреплены приказом: "
    "создайте их на вкладке «Пары и группы» (состояние «запланирована» или «действует») "
    "или проверьте учебный год в реквизитах школы."
)


def new_order(
    db: Database,
    kind: str,
    today: dt.date | None = None,
    pair_ids: list[int] | None = None,
    program_ids: list[int] | None = None,
) -> OrderData:
    """A draft of ``kind`` with every field prefilled; not saved yet.

    The pairs order fixes ``pair_ids`` (default: every planned or active pair without an
    order yet) and names their mentors and mentees for acquaintance. The programs order
    approves ``program_ids`` (default: every draft or running program not approved yet);
    the results order sums up the programs of the school year."""
    if kind in LATER:
        raise KuratorError(LATER[kind])
    if kind not in AVAILABLE_KINDS:
        raise KuratorError(f"Неизвестный вид приказа: {kind}.")
    school = require_complete(db)
    today = today or dt.date.today()
    defaults = load_defaults()
    spec = defaults["kinds"][kind]
    forms = Forms.from_db(db)
    values = _values(db, school, today, forms)
    pairs: list[order_pairs.FixedPair] = []
    if kind == "programs":
        program_ids = (
            order_programs.unapproved_program_ids(db) if program_ids is None else program_ids
        )
        if not program_ids:
            raise KuratorError(NO_PROGRAMS)
        values.update(_programs_wording(len(program_ids)))
    elif kind == "results":
        if program_ids is None:
            program_ids = order_programs.year_program_ids(
                db, *SchoolYear.parse(school.school_year).bounds()
            )
        if not program_ids:
            raise KuratorError(NO_YEAR_PROGRAMS.format(year=school.school_year))
    if kind == "pairs":
        pairs = order_pairs.read_pairs(db, pair_ids)
        if pair_ids is None:  # the order is titled with the school year: that year's pairs
            first, last = SchoolYear.parse(school.school_year).bounds()
            pairs = [p for p in pairs if first <= p.start <= last]
        span = order_pairs.period(pairs)
        if span is None:
            raise KuratorError(NO_PAIRS.format(year=school.school_year))
        values["period_start"], values["period_end"] = (format_date(d) for d in span)
    points = []
    for p in spec["points"]:
        items = p["items"]
        if items == "@curator_duties":
            items = defaults["curator_duties"]
        points.append(Point(fill(p["text"], values), [fill(i, values, False) for i in items]))
    order = OrderData(
        kind=kind,
        date=today,
        place=school.locality,
        title=fill(spec["title"], values),
        basis=list(defaults["legal_basis"]),
        goal=fill(spec["goal"], values, False),
        points=points,
        signer_position=school.director_position,
        signer_name=school.director_signature,
        params={"period_start": values["period_start"], "period_end": values["period_end"]},
    )
    order.acquaintance = _acquaintance(db, school)
    if kind in ("programs", "results"):
        _programs_parts(db, order, school, today, program_ids, values, forms)
    elif kind == "pairs":
        known = {a.person_id for a in order.acquaintance}
        order.acquaintance += [
            a for a in order_pairs.acquaintance(pairs) if a.person_id not in known
        ]
        order.appendices = [
            order_pairs.pairs_appendix(pairs, fill(order_pairs.APPENDIX_TITLE, values))
        ]
    else:
        order.appendices = _implementation_appendices(
            defaults, values, SchoolYear.parse(school.school_year), today
        )
    return order


def _acquaintance(db: Database, school: SchoolData) -> list[Acquainted]:
    """Everyone the order names: the curator and the secretary."""
    out: list[Acquainted] = []
    for pid in (school.curator_id, school.secretary_id):
        p = _person(db, pid)
        if p is not None and all(a.person_id != p.id for a in out):
            out.append(Acquainted(p.full_name, p.position, p.id))
    return out


def _programs_parts(
    db: Database,
    order: OrderData,
    school: SchoolData,
    today: dt.date,
    program_ids: list[int] | None,
    values: dict[str, str],
    forms: Forms,
) -> None:
    """Appendices and named people of the programs and results orders."""
    assert program_ids
    known = {a.person_id for a in order.acquaintance}
    order.acquaintance += [
        a for a in order_programs.acquaintance(db, program_ids) if a.person_id not in known
    ]
    if order.kind == "programs":
        order.appendices = order_programs.programs_appendices(db, program_ids)
        return
    thanks = next((p for p in order.points if p.text.startswith("Объявить благодарность")), None)
    if thanks is not None and not thanks.items:
        thanks.items = order_programs.thanked_mentors(db, program_ids, forms, today)
    order.appendices = [
        order_programs.results_appendix(
            db,
            program_ids,
            today,
            f"Итоги реализации программ наставничества в {values['school_short']} "
            f"в {values['school_year']} учебном году",
        )
    ]


def roadmap_rows(
    defaults: dict[str, Any], year: SchoolYear, order_date: dt.date
) -> list[RoadmapRow]:
    """The default roadmap with real terms for an order of ``order_date`` in ``year``."""
    rows = [RoadmapRow.from_json(r) for r in defaults["roadmap"]]
    for row in rows:
        row.deadline = dated_term(row.deadline, year, order_date)
    return rows


def redate_roadmap(
    db: Database, rows: list[RoadmapRow], old: dt.date, new: dt.date
) -> list[RoadmapRow]:
    """The roadmap of an implementation order whose date changed from ``old`` to ``new``:
    a row of the default roadmap whose term is still the one computed for ``old`` gets the
    term for ``new``; a term the curator rewrote, and a row the curator added, stay as they
    are. The school year is the one in the requisites."""
    try:
        year = SchoolYear.parse(get_school(db).school_year)
    except ValueError:
        return rows
    templates = {
        row.event: row.deadline
        for row in (RoadmapRow.from_json(r) for r in load_defaults()["roadmap"])
    }
    out = []
    for row in rows:
        template = templates.get(row.event)
        if template is not None and row.deadline == dated_term(template, year, old):
            row = RoadmapRow(row.event, dated_term(template, year, new), row.responsible)
        out.append(row)
    return out


def _implementation_appendices(
    defaults: dict[str, Any], values: dict[str, str], year: SchoolYear, order_date: dt.date
) -> list[AppendixData]:
    regulation = defaults["regulation"]
    return [
        AppendixData(
            kind="roadmap",
            stamp="appendix",
            title=f"Дорожная карта внедрения целевой модели наставничества в {values['school_short']}",
            content=Roadmap(roadmap_rows(defaults, year, order_date)),
        ),
        AppendixData(
            kind="regulation",
            stamp="approved",
            title=fill(regulation["title"], values),
            content=Regulation(
                [
                    # A clause starts with its number; a list line after a colon stays
                    # in lower case as the defaults file writes it.
                    Section(s.heading, [fill(x, values, x[:1].isdigit()) for x in s.paragraphs])
                    for s in map(Section.from_json, regulation["sections"])
                ]
            ),
        ),
        # As in the model order, appendices 3 and 4 are the forms of the bases: headings and
        # blank rows; the curator may tick «заполнить из базы» to print the current data.
        AppendixData(
            kind="mentors_base",
            stamp="appendix",
            title="Форма базы наставников",
            content=BaseForm(with_data=False, blank_rows=3),
        ),
        AppendixData(
            kind="mentees_base",
            stamp="appendix",
            title="Форма базы наставляемых",
            content=BaseForm(with_data=False, blank_rows=3),
        ),
    ]


def _auto_form(db: Database, source: str, case: str) -> str:
    """The automatic form of a stored correction: a participant's full name or a position."""
    for row in persons_service.list_persons(db):
        if row.full_name == source:
            p = persons_service.get_person(db, row.id)
            return declension.full_name_in(p.last_name, p.first_name, p.middle_name, case)
    return lower_first(declension.decline_position(source, case))


def form_uses(db: Database) -> list[FormUse]:
    """The declined forms the order texts use (the same rule as ``new_order``) and every
    stored correction, for the editor's «Падежи» tab."""
    forms = Forms.from_db(db)
    school = get_school(db)
    if not missing_fields(school):
        _values(db, school, dt.date.today(), forms)
    uses = forms.uses()
    listed = {(u.source, u.case) for u in uses}
    for (source, case), form in forms.overrides.items():
        if (source, case) not in listed and case in declension.CASES:
            uses.append(FormUse(source, case, _auto_form(db, source, case), form))
    return uses
