"""«Сегодня»: what needs the curator's attention on a date, each line with the place to fix it.

Reads pairs (``pairs.list_pairs``), programs (``programs.list_programs``) and roadmap rows
(a read-only query here: the programs service has no cross-program list of rows), and uses
``programs_progress`` for what «due» and «overdue» mean."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select

from app.core.textutil import format_date, initials_name
from app.models import Person, Program, ProgramItem
from app.models.db import Database
from app.services.agenda.start_path import StartPath, start_path
from app.services.monitoring import halfyear_periods
from app.services.pairs import pairs
from app.services.pairs.pair_data import PairRow, PersonRef
from app.services.programs import programs
from app.services.programs.programs_progress import ItemDates

SOON_DAYS = 14  # roadmap rows due within this many days are listed as coming
ENDING_DAYS = 30  # programs ending within this many days
OPEN_PAIR = ("planned", "active")
OPEN_PROGRAM = ("draft", "active")
# A pair or program in one of these stopped: its rows are not overdue, it is not «ending».
CLOSED = halfyear_periods.CLOSED

HIGH, MEDIUM, LOW = "high", "medium", "low"
# The two consents are different papers: each person's consent to the processing of personal
# data (``Person.consent_date``) and the mentor's written consent to take part in the pair
# (``Pair.consent_date``). Each line names which one is missing.
CONSENT_PD = "согласие на обработку персональных данных"
CONSENT_PAIR = "письменное согласие наставника на участие в паре (группе)"
ALL_CLEAR = "Всё в порядке: просроченных и ближайших дел нет."
NOT_READY = (
    "Просроченных и ближайших дел нет, но работа в школе ещё не налажена — следующий шаг: {step}."
)
SEVERITY_NAMES = {HIGH: "срочно", MEDIUM: "скоро", LOW: "к сведению"}
Target = tuple[object, ...]


@dataclass(frozen=True)
class AttentionItem:
    """One line of the panel. ``target`` says where to fix it: ("program", program id,
    item id or None), ("pair", pair id), ("person", person id), ("report", start, end)."""

    kind: str
    text: str
    severity: str
    target: Target
    date: dt.date | None = None

    @property
    def severity_name(self) -> str:
        return SEVERITY_NAMES.get(self.severity, self.severity)


_ORDER = {HIGH: 0, MEDIUM: 1, LOW: 2}


def _short(ref: PersonRef) -> str:
    return initials_name(ref.last_name, ref.first_name, ref.middle_name)


def _pair_label(row: PairRow) -> str:
    mentees = ", ".join(_short(m) for m in row.mentees)
    return f"{_short(row.mentor)} → {mentees}"


@dataclass(frozen=True)
class _ItemRow:
    id: int
    program_id: int
    kind: str
    form: str
    dates: ItemDates


def _item_text(kind: str, form: str) -> str:
    """«изучение нормативных документов», консультация наставника (first lines only)."""
    kind, form = (kind or "").split("\n")[0].strip(), (form or "").split("\n")[0].strip()
    if kind and form:
        return f"«{kind}», {form}"
    return f"«{kind or form or 'мероприятие'}»"


def _open_items(db: Database, until: dt.date) -> list[_ItemRow]:
    """Planned and moved rows of open programs that may be due by ``until``: rows whose
    dates all lie later cannot be (the exact due date is ``ItemDates.due``)."""
    with db.session() as s:
        q = (
            select(
                ProgramItem.id,
                ProgramItem.program_id,
                ProgramItem.event_form,
                ProgramItem.activity_kind,
                ProgramItem.mark,
                ProgramItem.start_date,
                ProgramItem.end_date,
                ProgramItem.mark_date,
            )
            .join(Program, Program.id == ProgramItem.program_id)
            .where(
                Program.status.in_(OPEN_PROGRAM),
                ProgramItem.mark.in_(("planned", "moved")),
                or_(
                    ProgramItem.start_date <= until,
                    ProgramItem.end_date <= until,
                    ProgramItem.mark_date <= until,
                ),
            )
            .order_by(ProgramItem.id)
        )
        return [
            _ItemRow(iid, pid, kind, form, ItemDates(mark, start, end, mark_date))
            for iid, pid, form, kind, mark, start, end, mark_date in s.execute(q)
        ]


def _roadmap(db: Database, today: dt.date, labels: dict[int, str]) -> list[AttentionItem]:
    out = []
    soon = today + dt.timedelta(days=SOON_DAYS)
    for item in _open_items(db, soon):
        due = item.dates.due
        if due is None or item.program_id not in labels:
            continue
        target: Target = ("program", item.program_id, item.id)
        if item.dates.overdue(today):
            what = f"{_item_text(item.kind, item.form)} — {labels[item.program_id]}"
            out.append(
                AttentionItem(
                    "item_overdue", f"Просрочено с {format_date(due)}: {what}", HIGH, target, due
                )
            )
        elif due <= soon:
            what = f"{_item_text(item.kind, item.form)} — {labels[item.program_id]}"
            when = "сегодня" if due == today else format_date(due)
            out.append(AttentionItem("item_soon", f"Срок {when}: {what}", MEDIUM, target, due))
    return out


def attention(db: Database, today: dt.date) -> list[AttentionItem]:
    """Everything that needs attention on ``today``: overdue and coming roadmap rows, programs
    ending soon (or past their end and not closed), pairs without a program, participants of
    open pairs without a consent to personal-data processing, open pairs without the
    mentor's written consent to take part, half-year reports that are due (every one not made).
    Rows and «ending» lines of a program whose pair ended early or was completed, or which
    is itself completed, are left out. Most urgent first."""
    all_pairs = {p.id: p for p in pairs.list_pairs(db)}
    pair_rows = [p for p in all_pairs.values() if p.status in OPEN_PAIR]
    prog_rows = programs.list_programs(db, today)
    labels = {
        p.id: _pair_label(all_pairs[p.pair_id])
        for p in prog_rows
        if p.status in OPEN_PROGRAM
        and p.status not in CLOSED
        and p.pair_id in all_pairs
        and all_pairs[p.pair_id].status not in CLOSED
    }
    out = _roadmap(db, today, labels)

    ending = today + dt.timedelta(days=ENDING_DAYS)
    for p in prog_rows:
        if p.status not in OPEN_PROGRAM or p.id not in labels:
            continue
        target: Target = ("program", p.id, None)
        if p.end_date < today:
            out.append(
                AttentionItem(
                    "program_ended",
                    f"Срок программы истёк {format_date(p.end_date)}, она не "
                    f"отмечена завершённой: {labels[p.id]}",
                    HIGH,
                    target,
                    p.end_date,
                )
            )
        elif p.end_date <= ending:
            out.append(
                AttentionItem(
                    "program_ending",
                    f"Программа заканчивается {format_date(p.end_date)} "
                    f"(выполнено {p.progress.percent} %): {labels[p.id]}",
                    MEDIUM,
                    target,
                    p.end_date,
                )
            )

    with_program = {p.pair_id for p in prog_rows}
    for row in pair_rows:
        if row.id not in with_program:
            word = "группы" if row.is_group else "пары"
            out.append(
                AttentionItem(
                    "pair_no_program",
                    f"У {word} нет программы наставничества: {_pair_label(row)}",
                    MEDIUM,
                    ("pair", row.id),
                    None,
                )
            )

    seen: set[int] = set()
    missing = _without_consent(db)
    for row in pair_rows:
        for ref in (row.mentor, *row.mentees):
            if ref.id in seen:
                continue
            seen.add(ref.id)
            if ref.id in missing:
                out.append(
                    AttentionItem(
                        "no_consent",
                        f"Нет {_genitive(CONSENT_PD)} (не внесена дата): {ref.full_name}",
                        MEDIUM,
                        ("person", ref.id),
                        None,
                    )
                )
    for row in pair_rows:
        if row.consent_date is None:
            word = "группе" if row.is_group else "паре"
            out.append(
                AttentionItem(
                    "pair_no_consent",
                    f"Нет письменного согласия наставника на участие в {word} "
                    f"(не внесена дата): {_pair_label(row)}",
                    MEDIUM,
                    ("pair", row.id),
                    None,
                )
            )

    for due in halfyear_periods.reports_due(db, today):
        start, end = due.start, due.end
        out.append(
            AttentionItem(
                "report_due",
                f"Не составлена справка по итогам {due.title} "
                f"({format_date(start)}–{format_date(end)})",
                HIGH,
                ("report", start, end),
                due.teaching_end,
            )
        )

    out.sort(key=lambda a: (_ORDER.get(a.severity, 9), a.date or dt.date.max, a.text))
    return out


def _genitive(consent: str) -> str:
    """«согласие на …» → «согласия на …» (after «Нет»)."""
    return consent.replace("согласие", "согласия", 1)


@dataclass(frozen=True)
class Overview:
    """The panel as a whole: its lines, the curator's path, and what to say when the list
    is empty (never «Всё в порядке» while the path is not complete)."""

    items: list[AttentionItem]
    path: StartPath

    @property
    def all_clear(self) -> bool:
        return not self.items and self.path.complete

    @property
    def empty_text(self) -> str:
        step = self.path.next_step
        if self.path.complete or step is None:
            return ALL_CLEAR
        return NOT_READY.format(step=f"{step.number}. {step.title} ({step.detail})")


def overview(db: Database, today: dt.date) -> Overview:
    """``attention`` with the path «С чего начать» on ``today``."""
    return Overview(attention(db, today), start_path(db, today))


def all_clear(db: Database, today: dt.date) -> bool:
    """True only when nothing needs attention and the path «С чего начать» is complete."""
    return overview(db, today).all_clear


def _without_consent(db: Database) -> set[int]:
    """Ids of participants (not in the archive) with no consent date."""

    with db.session() as s:
        return set(
            s.scalars(
                select(Person.id).where(Person.consent_date.is_(None), Person.archived.is_(False))
            )
        )
