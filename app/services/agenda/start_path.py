"""«С чего начать»: the curator's path through the school year, step by step, with states.

Each step says what is done and what is missing, counted from the data (never from a flag
the curator ticks), and where it is done (``Place``). A step not done after its date in the
school year (``DEADLINES``) is overdue. The path is complete when steps 1–8 are done and
nothing of step 9 (questionnaires, the half-year report) is overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from app.core.school_year import SchoolYear
from app.core.textutil import format_date
from app.models import (
    DiagnosticEntry,
    DiagnosticLevel,
    DiagnosticRound,
    MenteeProfile,
    MentorProfile,
    Order,
    Pair,
    PairMentee,
    Person,
    Program,
    QuestionnaireResponse,
)
from app.models.db import Database
from app.services.monitoring import halfyear_periods
from app.services.school import school

OPEN_PAIR = ("planned", "active")
OPEN_PROGRAM = ("draft", "active")


class State(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    OVERDUE = "overdue"


STATE_NAMES = {
    State.NOT_STARTED: "не начато",
    State.IN_PROGRESS: "в работе",
    State.DONE: "готово",
    State.OVERDUE: "просрочено",
}


class Place(StrEnum):
    """Where a step is done; the window maps each to a dialog or a tab."""

    SCHOOL = "school"  # «Школа → Реквизиты…»
    STAFF = "staff"  # «Участники»: import from Excel or add by hand
    ORDER_IMPLEMENTATION = "order_implementation"  # «Документы → Приказы…», that kind
    GRID = "grid"  # «Диагностика»
    PAIRS = "pairs"  # «Пары и группы»
    ORDER_PAIRS = "order_pairs"
    PROGRAMS = "programs"  # «Программы»
    ORDER_PROGRAMS = "order_programs"
    MONITORING = "monitoring"  # questionnaires and the half-year report


# (month, day) in the school year by which a step should be done (9 has its own dates:
# a report is overdue once due, see ``halfyear_periods``). The seeds' roadmap puts the
# choice of forms by 1 October and the mentors' training by 1 November.
DEADLINES: dict[Place, tuple[int, int]] = {
    Place.SCHOOL: (9, 15),
    Place.STAFF: (9, 15),
    Place.ORDER_IMPLEMENTATION: (9, 15),
    Place.GRID: (10, 1),
    Place.PAIRS: (10, 1),
    Place.ORDER_PAIRS: (10, 15),
    Place.PROGRAMS: (11, 1),
    Place.ORDER_PROGRAMS: (11, 15),
}

TITLES: dict[Place, str] = {
    Place.SCHOOL: "Реквизиты школы",
    Place.STAFF: "Список сотрудников",
    Place.ORDER_IMPLEMENTATION: "Приказ «О внедрении модели наставничества и назначении куратора»",
    Place.GRID: "Диагностика наставляемых и сильные стороны наставников",
    Place.PAIRS: "Наставнические пары и группы",
    Place.ORDER_PAIRS: "Приказ о закреплении пар и групп",
    Place.PROGRAMS: "Программа для каждой пары и группы",
    Place.ORDER_PROGRAMS: "Приказ об утверждении программ",
    Place.MONITORING: "Анкеты участников и справка за полугодие",
}


@dataclass(frozen=True)
class Step:
    """One step of the path: ``detail`` says what is missing or done, in Russian;
    ``done``/``total`` count what the step is about (both 0 where nothing is counted)."""

    number: int
    place: Place
    title: str
    state: State
    detail: str
    done: int = 0
    total: int = 0
    deadline: dt.date | None = None

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]

    @property
    def label(self) -> str:
        """«4. Диагностика …: диагностика: 3 из 12 наставляемых (в работе)»."""
        return f"{self.number}. {self.title}: {self.detail} ({self.state_name})"


@dataclass(frozen=True)
class StartPath:
    day: dt.date
    steps: tuple[Step, ...]

    @property
    def complete(self) -> bool:
        return (
            all(s.state == State.DONE for s in self.steps[:-1])
            and self.steps[-1].state != State.OVERDUE
        )

    @property
    def next_step(self) -> Step | None:
        """The first step not done (step 9 only when it is overdue)."""
        for s in self.steps[:-1]:
            if s.state != State.DONE:
                return s
        last = self.steps[-1]
        return last if last.state == State.OVERDUE else None

    @property
    def overdue(self) -> list[Step]:
        return [s for s in self.steps if s.state == State.OVERDUE]


def _of(n: int, total: int, whom: str) -> str:
    return f"{n} из {total} {whom}"


def _state(done: int, total: int, started: bool | None = None) -> State:
    if total > 0 and done >= total:
        return State.DONE
    return State.IN_PROGRESS if (done > 0 if started is None else started) else State.NOT_STARTED


def _deadline(place: Place, day: dt.date) -> dt.date | None:
    md = DEADLINES.get(place)
    if md is None:
        return None
    year = SchoolYear.of(day).start.year
    return dt.date(year if md[0] >= 9 else year + 1, *md)


def _step(
    number: int,
    place: Place,
    state: State,
    detail: str,
    day: dt.date,
    done: int = 0,
    total: int = 0,
) -> Step:
    deadline = _deadline(place, day)
    if state != State.DONE and deadline is not None and day > deadline:
        state = State.OVERDUE
        detail += f"; срок по плану года — {format_date(deadline)}"
    return Step(number, place, TITLES[place], state, detail, done, total, deadline)


@dataclass(frozen=True)
class _Facts:
    staff: int
    mentees: set[int]
    mentors: set[int]
    diagnosed: set[int]
    with_strengths: set[int]
    orders: dict[str, str]  # kind → best status («signed» beats «draft»)
    open_pairs: list[tuple[int, bool]]  # (pair id, fixed by an order)
    paired_mentees: set[int]
    programs: list[tuple[int, int, bool, dt.date, str]]  # id, pair, approved, end, status


def _facts(db: Database) -> _Facts:
    with db.session() as s:
        active = set(s.scalars(select(Person.id).where(Person.archived.is_(False))))
        open_pairs = list(
            s.execute(
                select(Pair.id, Pair.mentor_id, Pair.order_number).where(Pair.status.in_(OPEN_PAIR))
            )
        )
        pair_ids = {pid for pid, _, _ in open_pairs}
        paired = {
            m
            for pid, m in s.execute(select(PairMentee.pair_id, PairMentee.person_id))
            if pid in pair_ids
        }
        mentees = (set(s.scalars(select(MenteeProfile.person_id))) | paired) & active
        mentors = (
            set(s.scalars(select(MentorProfile.person_id))) | {m for _, m, _ in open_pairs}
        ) & active
        cells = s.execute(
            select(DiagnosticRound.person_id, DiagnosticEntry.strength, DiagnosticLevel.severity)
            .join(DiagnosticEntry, DiagnosticEntry.round_id == DiagnosticRound.id)
            .outerjoin(DiagnosticLevel, DiagnosticLevel.id == DiagnosticEntry.level_id)
        )
        diagnosed: set[int] = set()
        strong: set[int] = set()
        for pid, strength, severity in cells:
            if severity is not None:
                diagnosed.add(pid)
            if (strength or "").strip() or severity == 0:
                strong.add(pid)
        orders: dict[str, str] = {}
        for kind, status in s.execute(select(Order.kind, Order.status)):
            if orders.get(kind) != "signed":
                orders[kind] = status
        programs = [
            (pid, pair_id, bool(number), end, status)
            for pid, pair_id, number, end, status in s.execute(
                select(
                    Program.id,
                    Program.pair_id,
                    Program.approval_number,
                    Program.end_date,
                    Program.status,
                )
            )
        ]
        return _Facts(
            len(active),
            mentees,
            mentors,
            diagnosed,
            strong,
            orders,
            [(pid, bool(number)) for pid, _, number in open_pairs],
            paired & active,
            programs,
        )


def _order_step(
    number: int, place: Place, kind: str, facts: _Facts, day: dt.date, extra: str = ""
) -> Step:
    status = facts.orders.get(kind)
    if status == "signed":
        return _step(number, place, State.DONE, "подписан" + extra, day)
    if status is not None:
        return _step(number, place, State.IN_PROGRESS, "составлен, не подписан" + extra, day)
    return _step(number, place, State.NOT_STARTED, "не составлен" + extra, day)


def _monitoring_step(db: Database, facts: _Facts, day: dt.date) -> Step:
    due = halfyear_periods.reports_due(db, day)
    with db.session() as s:
        answered = set(s.scalars(select(QuestionnaireResponse.program_id)))
    ended = [p for p in facts.programs if p[3] <= day or p[4] == "completed"]
    unanswered = [p for p in ended if p[0] not in answered]
    parts = []
    if due:
        parts.append("не составлена справка по итогам " + ", ".join(h.title for h in due))
    if unanswered:
        parts.append(f"нет анкет по {_of(len(unanswered), len(ended), 'завершённым программам')}")
    if parts:
        return Step(
            9,
            Place.MONITORING,
            TITLES[Place.MONITORING],
            State.OVERDUE,
            "; ".join(parts),
            len(ended) - len(unanswered),
            len(ended),
        )
    made = [r for r in halfyear_periods.made_reports(db) if r.made_on is not None]
    if made or ended:
        return Step(
            9,
            Place.MONITORING,
            TITLES[Place.MONITORING],
            State.DONE,
            "справки и анкеты — по сроку",
            len(ended),
            len(ended),
        )
    if not facts.programs:
        return Step(
            9,
            Place.MONITORING,
            TITLES[Place.MONITORING],
            State.NOT_STARTED,
            "после того как начнутся программы",
        )
    half = halfyear_periods.half_of(day)
    return Step(
        9,
        Place.MONITORING,
        TITLES[Place.MONITORING],
        State.NOT_STARTED,
        f"справка по итогам {half.title} — с {format_date(half.due)}",
    )


def start_path(db: Database, day: dt.date) -> StartPath:
    """The nine steps of the year in order, with their states on ``day``."""
    facts = _facts(db)
    requisites = school.get_school(db)
    missing = school.missing_fields(requisites)
    n_req = len(school.REQUIRED)
    # the defaults (e.g. «Директор» as the position) do not make the step started
    steps = [
        _step(
            1,
            Place.SCHOOL,
            _state(n_req - len(missing), n_req, started=requisites != school.SchoolData()),
            "все заполнены" if not missing else "не заполнены: " + ", ".join(missing),
            day,
            n_req - len(missing),
            n_req,
        )
    ]
    staff = facts.staff
    steps.append(
        _step(
            2,
            Place.STAFF,
            State.DONE if staff >= 2 else _state(staff, 2),
            f"сотрудников в списке: {staff}"
            if staff
            else "список пуст: загрузите его из Excel или добавьте людей вручную",
            day,
            staff,
            staff,
        )
    )
    steps.append(_order_step(3, Place.ORDER_IMPLEMENTATION, "implementation", facts, day))

    mentees, mentors = facts.mentees, facts.mentors
    n_diag = len(mentees & facts.diagnosed)
    n_strong = len(mentors & facts.with_strengths)
    if not mentees:
        state, detail = State.NOT_STARTED, "в базе наставляемых пока никого нет"
    else:
        detail = f"диагностика: {_of(n_diag, len(mentees), 'наставляемых')}"
        if mentors:
            detail += f"; сильные стороны: {_of(n_strong, len(mentors), 'наставников')}"
        total = len(mentees) + len(mentors)
        state = _state(n_diag + n_strong, total)
    steps.append(_step(4, Place.GRID, state, detail, day, n_diag, len(mentees)))

    n_paired = len(mentees & facts.paired_mentees)
    pairs_n = len(facts.open_pairs)
    if not mentees and not pairs_n:
        state, detail = State.NOT_STARTED, "пар пока нет"
    else:
        state = _state(n_paired, len(mentees), started=pairs_n > 0)
        detail = (
            f"пар и групп: {pairs_n}; в паре или группе "
            f"{_of(n_paired, len(mentees), 'наставляемых')}"
        )
    steps.append(_step(5, Place.PAIRS, state, detail, day, n_paired, len(mentees)))

    fixed = sum(1 for _, f in facts.open_pairs if f)
    pairs_detail = f"; закреплено приказом {_of(fixed, pairs_n, 'пар и групп')}" if pairs_n else ""
    order = _order_step(6, Place.ORDER_PAIRS, "pairs", facts, day, pairs_detail)
    if order.state == State.DONE and fixed < pairs_n:  # new pairs since the signed order
        order = _step(
            6,
            Place.ORDER_PAIRS,
            State.IN_PROGRESS,
            f"закреплено приказом {_of(fixed, pairs_n, 'пар и групп')}",
            day,
            fixed,
            pairs_n,
        )
    elif pairs_n == 0 and order.state != State.DONE:
        order = _step(6, Place.ORDER_PAIRS, State.NOT_STARTED, "сначала составьте пары", day)
    steps.append(
        Step(
            order.number,
            order.place,
            order.title,
            order.state,
            order.detail,
            fixed,
            pairs_n,
            order.deadline,
        )
    )

    open_pair_ids = {pid for pid, _ in facts.open_pairs}
    with_program = {pair for _, pair, _, _, _ in facts.programs} & open_pair_ids
    if pairs_n == 0:
        state, detail = State.NOT_STARTED, "программ пока нет: сначала составьте пары"
    else:
        state = _state(len(with_program), pairs_n)
        detail = f"программы есть у {_of(len(with_program), pairs_n, 'пар и групп')}"
    steps.append(_step(7, Place.PROGRAMS, state, detail, day, len(with_program), pairs_n))

    open_programs = [p for p in facts.programs if p[4] in OPEN_PROGRAM]
    approved = sum(1 for p in open_programs if p[2])
    if not open_programs:
        state, detail = State.NOT_STARTED, "сначала составьте программы"
    else:
        signed = facts.orders.get("programs") == "signed"
        state = _state(approved, len(open_programs), started="programs" in facts.orders)
        if signed and approved < len(open_programs):
            state = State.IN_PROGRESS
        detail = f"утверждено приказом {_of(approved, len(open_programs), 'программ')}"
    steps.append(_step(8, Place.ORDER_PROGRAMS, state, detail, day, approved, len(open_programs)))
    steps.append(_monitoring_step(db, facts, day))
    return StartPath(day, tuple(steps))
