"""Personalized programs: creating one for a pair, the explanatory note, the list with progress.

Plain dataclasses in and out; every public function opens its own unit of work on ``db``;
the ``*_in`` helpers take an open ``Session`` so that a whole operation (a program from a
template) is one transaction. The roadmap lives in ``programs_items``, history/diary/reflection in ``programs_journal``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.textutil import (
    clean_multiline,
    clean_text,
    format_date,
    full_name,
    initials_name,
)
from app.errors import KuratorError, ValidationError
from app.models import (
    DiagnosticLevel,
    Direction,
    Pair,
    PairDirection,
    PairMentee,
    Person,
    Program,
    ProgramDirection,
    ProgramEvent,
    ProgramItem,
)
from app.models.db import Database
from app.models.versioning import check_seen
from app.services.grid.grid_state import latest_cells
from app.services.programs import activity_library
from app.services.programs.program_draft import (
    DraftSummary,
    fill_roadmap_in,
    late_start_note,
    plan_from,
)
from app.services.programs.programs_progress import ItemDates, Progress, progress

STATUSES = {
    "draft": "проект",
    "active": "выполняется",
    "completed": "завершена",
    "ended_early": "прекращена досрочно",
}
TYPES = ["индивидуальное", "групповое"]
GONE = "Эта программа уже удалена; обновите список."
# Note fields saved as typed: name → single-line (False) or multi-line (True) text.
TEXT_FIELDS: dict[str, bool] = {
    "title": False,
    "problem": True,
    "goal": True,
    "form": False,
    "mentoring_type": False,
    "kind": False,
    "intermediate_results": True,
    "planned_results": True,
    "schedule": True,
    "mode": False,
    "conditions": True,
    "desired_image": True,
    "place": False,
    "approval_number": False,
    "agreed_body": False,
    "agreed_number": False,
    "notes": True,
}
DATE_FIELDS = {"approval_date", "agreed_date"}
FLAG_FIELDS = {"is_route"}


@dataclass(frozen=True)
class Participant:
    """A person of the pair as documents name them."""

    id: int
    name: str
    position: str

    @property
    def signature_name(self) -> str:
        parts = self.name.split(" ")
        return initials_name(parts[0], *(parts[1:3] + ["", ""])[:2]) if parts else ""


@dataclass
class ProgramNote:
    """The explanatory note and the title-page fields."""

    title: str = ""
    status: str = "draft"
    is_route: bool = False
    start_date: dt.date = dt.date(2000, 1, 1)
    end_date: dt.date = dt.date(2000, 1, 1)
    problem: str = ""
    goal: str = ""
    tasks: list[str] = field(default_factory=list)
    form: str = ""
    mentoring_type: str = ""
    kind: str = ""
    intermediate_results: str = ""
    planned_results: str = ""
    schedule: str = ""
    mode: str = ""
    conditions: str = ""
    desired_image: str = ""
    place: str = ""
    approval_number: str = ""
    approval_date: dt.date | None = None
    agreed_body: str = ""
    agreed_number: str = ""
    agreed_date: dt.date | None = None
    notes: str = ""


@dataclass
class DirectionPlan:
    """A direction of the roadmap with its focus, priority and end-of-program reflection."""

    direction_id: int
    name: str
    focus: str = "deficit"
    priority: bool = False
    deficit: str = ""
    reflection: str = ""
    continue_next_year: bool | None = None
    # The row's version when read: a reflection saved over another user's newer one is refused.
    version: int | None = field(default=None, compare=False)


@dataclass
class ItemData:
    """A roadmap row; ``id`` None for a new one, ``mentee_id`` None for the common part."""

    direction_id: int | None
    mentee_id: int | None = None
    activity_kind: str = ""
    event_form: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    place: str = ""
    expected_result: str = ""
    participation: str = ""
    reporting: str = ""
    co_executors: str = ""
    mark: str = "planned"
    mark_date: dt.date | None = None
    significance: str = ""
    evaluation: str = ""
    seq: int = 0
    id: int | None = None
    # The row's version when it was read (and after each save): saving refuses if another
    # user changed the row since (``programs_items.update_item``).
    version: int | None = field(default=None, compare=False)

    @property
    def dates(self) -> ItemDates:
        return ItemDates(self.mark, self.start_date, self.end_date, self.mark_date)


@dataclass
class ProgramData:
    """A whole program as the editor and the printed copy see it."""

    id: int
    pair_id: int
    is_group: bool
    mentor: Participant
    mentees: list[Participant]
    note: ProgramNote
    directions: list[DirectionPlan]
    items: list[ItemData]
    # The program row's version when it was read (and after each note save through
    # ``update_note``): a note save refuses if another user saved the program since.
    version: int | None = field(default=None, compare=False)

    def progress(self, as_of: dt.date) -> Progress:
        return progress([i.dates for i in self.items], as_of)


@dataclass(frozen=True)
class ProgramRow:
    """A line of the programs list."""

    id: int
    pair_id: int
    title: str
    is_group: bool
    mentor: str
    mentees: str
    start_date: dt.date
    end_date: dt.date
    status: str
    progress: Progress

    @property
    def status_name(self) -> str:
        return STATUSES.get(self.status, self.status)


# --- reading -------------------------------------------------------------------------------


def _participant(p: Person) -> Participant:
    return Participant(p.id, full_name(p.last_name, p.first_name, p.middle_name), p.position)


def _pair_people(s: Session, pair: Pair) -> tuple[Participant, list[Participant]]:
    mentor = s.get(Person, pair.mentor_id)
    if mentor is None:
        raise KuratorError("Наставник этой пары удалён из списка участников.")
    ids = [m.person_id for m in pair.mentees]
    people = {p.id: p for p in s.scalars(select(Person).where(Person.id.in_(ids)))}
    mentees = sorted(
        (_participant(people[i]) for i in ids if i in people), key=lambda m: m.name.lower()
    )
    return _participant(mentor), mentees


def _note(p: Program) -> ProgramNote:
    return ProgramNote(**{f: getattr(p, f) for f in ProgramNote.__dataclass_fields__})


def item_from_row(r: ProgramItem) -> ItemData:
    return ItemData(
        r.direction_id,
        r.mentee_id,
        r.activity_kind,
        r.event_form,
        r.start_date,
        r.end_date,
        r.place,
        r.expected_result,
        r.participation,
        r.reporting,
        r.co_executors,
        r.mark,
        r.mark_date,
        r.significance,
        r.evaluation,
        r.seq,
        r.id,
        r.version,
    )


def get_program(db: Database, program_id: int) -> ProgramData:
    """The program with its pair, directions and roadmap (rows by direction order, then
    ``seq``); ``KuratorError`` if it is gone."""
    with db.session() as s:
        p = s.get(Program, program_id)
        if p is None:
            raise KuratorError(GONE)
        pair = s.get(Pair, p.pair_id)
        assert pair is not None
        mentor, mentees = _pair_people(s, pair)
        names = {did: name for did, name in s.execute(select(Direction.id, Direction.name))}
        dirs = [
            DirectionPlan(
                d.direction_id,
                names.get(d.direction_id, "?"),
                d.focus,
                d.priority,
                d.deficit,
                d.reflection,
                d.continue_next_year,
                d.version,
            )
            for d in p.directions
        ]
        # First-priority deficits, other deficits, then strengths to develop.
        dirs.sort(key=lambda d: (d.focus != "deficit", not d.priority))
        order = {d.direction_id: i for i, d in enumerate(dirs)}
        rows = s.scalars(select(ProgramItem).where(ProgramItem.program_id == program_id))
        items = sorted(
            (item_from_row(r) for r in rows),
            key=lambda i: (
                order.get(i.direction_id or 0, len(order)),
                i.mentee_id is not None,
                i.seq,
                i.id,
            ),
        )
        return ProgramData(
            p.id, p.pair_id, pair.is_group, mentor, mentees, _note(p), dirs, items, p.version
        )


def list_programs(db: Database, as_of: dt.date | None = None) -> list[ProgramRow]:
    """Every program with its pair and progress as of ``as_of`` (default today), newest
    start first."""
    as_of = as_of or dt.date.today()
    # Plain columns, not ORM objects: «Сегодня» reads this list when the window opens.
    with db.session() as s:
        marks: dict[int, list[ItemDates]] = {}
        items_q = select(
            ProgramItem.program_id,
            ProgramItem.mark,
            ProgramItem.start_date,
            ProgramItem.end_date,
            ProgramItem.mark_date,
        )
        for pid, mark, start, end, mark_date in s.execute(items_q):
            marks.setdefault(pid, []).append(ItemDates(mark, start, end, mark_date))
        mentees: dict[int, list[str]] = {}
        mentees_q = select(
            PairMentee.pair_id, Person.last_name, Person.first_name, Person.middle_name
        ).join(Person, Person.id == PairMentee.person_id)
        for pair_id, last, first, middle in s.execute(mentees_q):
            mentees.setdefault(pair_id, []).append(initials_name(last, first, middle))
        programs_q = (
            select(
                Program.id,
                Program.pair_id,
                Program.title,
                Program.start_date,
                Program.end_date,
                Program.status,
                Pair.is_group,
                Person.id,
                Person.last_name,
                Person.first_name,
                Person.middle_name,
            )
            .join(Pair, Pair.id == Program.pair_id)
            .outerjoin(Person, Person.id == Pair.mentor_id)
        )
        out = []
        for (
            pid,
            pair_id,
            title,
            start,
            end,
            status,
            is_group,
            mentor_id,
            last,
            first,
            middle,
        ) in s.execute(programs_q):
            mentor = initials_name(last, first, middle) if mentor_id is not None else "?"
            out.append(
                ProgramRow(
                    pid,
                    pair_id,
                    title,
                    is_group,
                    mentor,
                    ", ".join(sorted(mentees.get(pair_id, []))),
                    start,
                    end,
                    status,
                    progress(marks.get(pid, []), as_of),
                )
            )
        out.sort(key=lambda r: (r.start_date, r.id), reverse=True)
        return out


@dataclass(frozen=True)
class PairChoice:
    """A pair or group a program can be created for."""

    id: int
    label: str
    start_date: dt.date
    end_date: dt.date
    programs: int


def pair_choices(db: Database) -> list[PairChoice]:
    """Pairs and groups (read-only view of the pairs tables) with how many programs each has."""
    with db.session() as s:
        people = {p.id: p for p in s.scalars(select(Person))}

        def short(pid: int) -> str:
            p = people.get(pid)
            return initials_name(p.last_name, p.first_name, p.middle_name) if p else "?"

        counts: dict[int, int] = {}
        for pid in s.scalars(select(Program.pair_id)):
            counts[pid] = counts.get(pid, 0) + 1
        out = []
        for pair in s.scalars(select(Pair).order_by(Pair.start_date, Pair.id)):
            mentees = ", ".join(sorted(short(m.person_id) for m in pair.mentees))
            word = "группа" if pair.is_group else "пара"
            out.append(
                PairChoice(
                    pair.id,
                    f"{short(pair.mentor_id)} → {mentees} ({word})",
                    pair.start_date,
                    pair.end_date,
                    counts.get(pair.id, 0),
                )
            )
        return out


# --- creating and editing the note ---------------------------------------------------------


def validate_period(start: dt.date | None, end: dt.date | None) -> dict[str, str]:
    """Errors of a program's period (field → Russian message)."""
    errors: dict[str, str] = {}
    if start is None:
        errors["start_date"] = "Укажите дату начала программы."
    if end is None:
        errors["end_date"] = "Укажите дату окончания программы."
    if start and end and end <= start:
        errors["end_date"] = "Окончание программы должно быть позже её начала."
    return errors


def _initial_directions(db: Database, s: Session, pair: Pair) -> list[ProgramDirection]:
    """The pair's directions (deficits to reduce, first-priority ones as the grid marks
    them) — or, when none were picked for the pair, the mentees' deficits in the grid —
    then the directions where the mentees' grid shows strengths without a deficit."""

    order = {d.id: d.sort_order for d in s.scalars(select(Direction))}
    pdirs = sorted(
        s.scalars(select(PairDirection).where(PairDirection.pair_id == pair.id)),
        key=lambda d: (order.get(d.direction_id, 0), d.direction_id),
    )
    cells = latest_cells(db, [m.person_id for m in pair.mentees])
    by_dir: dict[int, list[object]] = {}
    for person_cells in cells.values():
        for did, cell in person_cells.items():
            by_dir.setdefault(did, []).append(cell)
    out = [
        ProgramDirection(
            direction_id=d.direction_id,
            focus="deficit",
            deficit=d.deficit,
            priority=any(getattr(c, "priority", False) for c in by_dir.get(d.direction_id, [])),
        )
        for d in pdirs
    ]
    if not out:  # no directions picked for the pair: the mentees' deficits from the grid
        for did in sorted(by_dir, key=lambda k: order.get(k, 0)):
            lacking = [c for c in by_dir[did] if (getattr(c, "severity", 0) or 0) > 0]
            if lacking:
                out.append(
                    ProgramDirection(
                        direction_id=did,
                        focus="deficit",
                        deficit="; ".join(
                            str(getattr(c, "deficit", ""))
                            for c in lacking
                            if getattr(c, "deficit", "")
                        ),
                        priority=any(getattr(c, "priority", False) for c in lacking),
                    )
                )

    # Pronounced deficits first, then partial ones (the grid's order within each).
    def worst(d: ProgramDirection) -> int:
        return max(
            ((getattr(c, "severity", 0) or 0) for c in by_dir.get(d.direction_id, [])), default=0
        )

    out.sort(key=lambda d: -worst(d))
    if out and not any(d.priority for d in out):
        out[0].priority = True
    taken = {d.direction_id for d in out}
    strengths = []
    for did, found in by_dir.items():
        texts = [str(getattr(c, "strength", "")) for c in found if getattr(c, "strength", "")]
        weak = any(getattr(c, "deficit", "") or (getattr(c, "severity", 0) or 0) > 0 for c in found)
        if did not in taken and texts and not weak:
            strengths.append(
                ProgramDirection(direction_id=did, focus="strength", deficit="; ".join(texts))
            )
    strengths.sort(key=lambda d: order.get(d.direction_id, 0))
    return out + strengths


def program_directions_in(s: Session, program_id: int) -> list[ProgramDirection]:
    """The directions a program has now (inside the caller's transaction)."""
    return list(
        s.scalars(select(ProgramDirection).where(ProgramDirection.program_id == program_id))
    )


def term_errors(pair: Pair, start: dt.date, end: dt.date) -> dict[str, str]:
    """Errors when a program's period leaves its pair's term (field → Russian message).

    The pair's term is where the 3–12-month rule and the limits are checked; a program
    going beyond it would bypass them, so the curator prolongs the pair first."""
    span = f"{format_date(pair.start_date)} – {format_date(pair.end_date)}"
    hint = (
        " Чтобы выйти за этот срок, сначала продлите пару на вкладке «Пары и группы» (там "
        "проверяются правило 3–12 месяцев и лимиты наставников)."
    )
    errors: dict[str, str] = {}
    if start < pair.start_date:
        errors["start_date"] = f"Программа не может начаться раньше пары: срок пары {span}." + hint
    elif start > pair.end_date:
        errors["start_date"] = (
            f"Программа не может начаться после окончания пары: срок пары {span}." + hint
        )
    if end > pair.end_date:
        errors["end_date"] = f"Программа не может закончиться позже пары: срок пары {span}." + hint
    return errors


@dataclass(frozen=True)
class Drafted:
    """A program just created and what its draft was built from."""

    program_id: int
    summary: DraftSummary


def create_program(
    db: Database,
    pair_id: int,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    title: str = "",
    today: dt.date | None = None,
    fill: bool = True,
) -> int:
    """A new draft program for a pair, prefilled from it (form, kinds, schedule, mode, dates,
    the pair's directions with their deficits) and, with ``fill``, its roadmap drafted
    from the mentees' diagnosis (``program_draft``); returns its id.

    The period must lie within the pair's term (``ValidationError`` otherwise)."""
    return create_program_draft(
        db, pair_id, start=start, end=end, title=title, today=today, fill=fill
    ).program_id


def create_program_draft(
    db: Database,
    pair_id: int,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    title: str = "",
    today: dt.date | None = None,
    fill: bool = True,
) -> Drafted:
    """``create_program`` returning the summary of the draft for the curator to read."""
    with db.session() as s:
        return draft_program_in(
            s, db, pair_id, start=start, end=end, title=title, today=today, fill=fill
        )


def create_program_in(
    s: Session,
    db: Database,
    pair_id: int,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    title: str = "",
    today: dt.date | None = None,
    fill: bool = True,
) -> int:
    """``create_program`` inside the caller's transaction (``db`` only reads the grid)."""
    return draft_program_in(
        s, db, pair_id, start=start, end=end, title=title, today=today, fill=fill
    ).program_id


def draft_program_in(
    s: Session,
    db: Database,
    pair_id: int,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    title: str = "",
    today: dt.date | None = None,
    fill: bool = True,
) -> Drafted:
    """``create_program_draft`` inside the caller's transaction."""
    today = today or dt.date.today()
    pair = s.get(Pair, pair_id)
    if pair is None:
        raise KuratorError("Пара или группа не найдена: возможно, её уже удалили.")
    start = start or pair.start_date
    end = end or pair.end_date
    errors = validate_period(start, end)
    if not errors:
        errors = term_errors(pair, start, end)
    if errors:
        raise ValidationError(errors)
    mentor, mentees = _pair_people(s, pair)
    default_title = "Персонализированная программа наставничества" + (
        " (модульная)" if pair.is_group else ""
    )
    p = Program(
        pair_id=pair_id,
        title=clean_text(title) or default_title,
        status="draft",
        start_date=start,
        end_date=end,
        form=pair.form,
        mentoring_type=TYPES[1] if pair.is_group else TYPES[0],
        kind=", ".join(pair.kinds or []),
        schedule=pair.schedule,
        mode=pair.mode,
        tasks=[],
    )
    plans = _initial_directions(db, s, pair)
    for i, plan in enumerate(plans):
        plan.sort_order = i
        p.directions.append(plan)
    s.add(p)
    s.flush()
    s.add(
        ProgramEvent(
            program_id=p.id,
            date=today,
            kind="created",
            reason="",
            details={"mentor": mentor.name, "mentees": [m.name for m in mentees]},
        )
    )
    summary = DraftSummary()
    if fill:
        mentee_ids = [m.person_id for m in pair.mentees]
        levels = {
            lv.severity: lv.name
            for lv in s.scalars(select(DiagnosticLevel))
            if lv.severity is not None
        }
        from_pair = set(
            s.scalars(select(PairDirection.direction_id).where(PairDirection.pair_id == pair.id))
        )
        # A program drafted after its start (a school joining mid-year) gets its rows from
        # today on: a plan drawn in the past would be overdue the day it is made.
        fill_from = plan_from(start, end, today)
        summary = fill_roadmap_in(
            s,
            p.id,
            fill_from,
            end,
            sorted(plans, key=_plan_order),
            latest_cells(db, mentee_ids),
            mentee_ids,
            pair.is_group,
            activity_library.activities_in(s),
            levels,
            from_pair,
        )
        summary.notes.extend(_unpicked_red(db, s, pair, plans))
        if fill_from != start and summary.directions:
            summary.notes.append(late_start_note(start, fill_from))
    summary.term = _term_line(pair, start, end)
    return Drafted(p.id, summary)


def _term_line(pair: Pair, start: dt.date, end: dt.date) -> str:
    """How the program's term relates to its pair's, for the draft's summary."""
    span = f"{format_date(start)} – {format_date(end)}"
    if (start, end) == (pair.start_date, pair.end_date):
        return f"Срок программы — весь срок пары: {span}."
    return (
        f"Срок программы: {span} (срок пары — "
        f"{format_date(pair.start_date)} – {format_date(pair.end_date)})."
    )


def _plan_order(d: ProgramDirection) -> tuple[bool, bool, int]:
    """First-priority deficits, other deficits (red before yellow), then strengths."""
    return (d.focus != "deficit", not d.priority, d.sort_order)


def _unpicked_red(db: Database, s: Session, pair: Pair, plans: list[ProgramDirection]) -> list[str]:
    """A note for each pronounced deficit in the diagnosis that the program does not cover
    (the pair's directions were picked without it): said, never added silently."""
    taken = {d.direction_id for d in plans}
    top = max(
        (lv.severity for lv in s.scalars(select(DiagnosticLevel)) if lv.severity is not None),
        default=2,
    )
    names = {d.id: d.name for d in s.scalars(select(Direction))}
    missing = sorted(
        {
            did
            for cells in latest_cells(db, [m.person_id for m in pair.mentees]).values()
            for did, c in cells.items()
            if (c.severity or 0) >= top and did not in taken
        }
    )
    return [
        f"В диагностике есть выраженный дефицит «{names.get(did, '?')}», но он не выбран "
        "для пары: добавьте направление в программу, если над ним нужно работать."
        for did in missing
    ]


def update_note(
    db: Database, program_id: int, name: str, value: object, held: ProgramData | None = None
) -> object:
    """Save one note field as typed; returns the cleaned value stored.

    Text is cleaned (control characters pasted from Word removed); ``tasks`` takes a list
    of strings (empty ones dropped). Dates of the period change through
    ``programs_journal.change_period`` (they are part of the history); «прекращена
    досрочно» comes only from ending the pair early.

    ``held`` is the program as its editor read it: the save is refused (``StaleRecordError``,
    nothing written) when another user saved the program since, and ``held.version`` moves
    on with each save, so the editor's next autosave continues from its own."""
    with db.session() as s:
        stored = update_note_in(s, program_id, name, value, None if held is None else held.version)
        if held is not None:
            s.flush()
            p = s.get(Program, program_id)
            assert p is not None
            held.version = p.version
        return stored


def update_note_in(
    s: Session, program_id: int, name: str, value: object, seen: int | None = None
) -> object:
    """``update_note`` inside the caller's transaction (``seen``: the program's version its
    editor read; None checks nothing)."""
    if name in TEXT_FIELDS:
        clean = clean_multiline if TEXT_FIELDS[name] else clean_text
        stored: object = clean(value)
    elif name == "tasks":
        assert isinstance(value, Iterable)
        stored = [t for t in (clean_multiline(v) for v in value) if t]
    elif name in DATE_FIELDS:
        if value is not None and not isinstance(value, dt.date):
            raise ValidationError({name: "Нужна дата в виде ДД.ММ.ГГГГ."})
        stored = value
    elif name in FLAG_FIELDS:
        stored = bool(value)
    elif name == "status":
        if value not in STATUSES:
            raise ValidationError({name: "Неизвестное состояние программы."})
        stored = value
    else:
        raise KeyError(name)
    p = s.get(Program, program_id)
    if p is None:
        raise KuratorError(GONE)
    check_seen(p, seen)
    if name == "status" and p.status != stored:
        if stored == "ended_early":
            raise ValidationError(
                {
                    name: "Программа прекращается досрочно вместе с парой: "
                    "прекратите пару на вкладке «Пары и группы»."
                }
            )
        s.add(
            ProgramEvent(
                program_id=program_id,
                date=dt.date.today(),
                kind="status",
                details={"status": [p.status, stored]},
            )
        )
    setattr(p, name, stored)
    return stored


def delete_program(db: Database, program_id: int) -> None:
    """Delete a program with its roadmap, history, diary and sheets (the UI asks first)."""
    with db.session() as s:
        p = s.get(Program, program_id)
        if p is not None:
            s.delete(p)
