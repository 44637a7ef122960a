"""Checks run before a pair is written: the fields, then the limits on concurrent programs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.textutil import format_date, full_name
from app.errors import KuratorError, ValidationError
from app.models import Direction, Pair, PairMentee, Person
from app.services.pairs.pair_data import PairData
from app.services.pairs.pair_history import planned_ends
from app.services.pairs.pair_rules import (
    MENTEE_LIMIT,
    MENTOR_LIMIT,
    MODES,
    NOT_COUNTED,
    STATUS_LABELS,
    Span,
    busiest_overlap,
    duration_problem,
    limit_refusal,
    plain_duration_bounds,
    programs_text,
)


class PairRuleError(KuratorError):
    """A pair would break a limit of the methodology; ``str(err)`` says who and which pairs.

    ``field`` is «mentor_id» or «mentee_ids», for the dialog to mark."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def _short(p: Person) -> str:
    initials = "".join(f"{part[0]}." for part in (p.first_name, p.middle_name) if part)
    return f"{p.last_name} {initials}".strip()


def validate_fields(s: Session, data: PairData, old: Pair | None, today: dt.date) -> None:
    """Raise ``ValidationError`` (field → Russian message) for input that cannot be saved.

    Persons already in ``old`` may have been archived since; only new ones are refused."""
    errors: dict[str, str] = {}
    before = set() if old is None else {old.mentor_id} | {m.person_id for m in old.mentees}
    mentor = s.get(Person, data.mentor_id) if data.mentor_id is not None else None
    if data.mentor_id is None:
        errors["mentor_id"] = "Выберите наставника."
    elif mentor is None:
        errors["mentor_id"] = "Этот наставник удалён из базы."
    elif mentor.archived and mentor.id not in before:
        errors["mentor_id"] = (
            "Участника из архива нельзя назначить наставником: "
            f"{full_name(mentor.last_name, mentor.first_name, mentor.middle_name)}."
        )
    mentees = [s.get(Person, pid) for pid in data.mentee_ids]
    if not data.mentee_ids:
        errors["mentee_ids"] = (
            "Выберите наставляемых группы." if data.is_group else "Выберите наставляемого."
        )
    elif data.mentor_id is not None and data.mentor_id in data.mentee_ids:
        errors["mentee_ids"] = "Наставник не может быть наставляемым в своей же паре или группе."
    elif any(m is None for m in mentees):
        errors["mentee_ids"] = "Одного из наставляемых уже нет в базе."
    elif not data.is_group and len(data.mentee_ids) > 1:
        errors["mentee_ids"] = (
            "В паре один наставляемый. Для нескольких наставляемых отметьте «Группа»."
        )
    elif data.is_group and len(data.mentee_ids) < 2:
        errors["mentee_ids"] = "В группе не меньше двух наставляемых; иначе это пара."
    else:
        archived = [
            full_name(m.last_name, m.first_name, m.middle_name)
            for m in mentees
            if m is not None and m.archived and m.id not in before
        ]
        if archived:
            errors["mentee_ids"] = (
                "Участника из архива нельзя добавить в пару или группу: "
                + ", ".join(archived)
                + "."
            )
    if data.start_date is None:
        errors["start_date"] = "Укажите дату начала."
    if data.end_date is None:
        errors["end_date"] = "Укажите дату окончания."
    if data.start_date and data.end_date:
        if data.status == "ended_early":
            # the end date is the day the work stopped (even its first day); the planned
            # term was checked when it was set, an early end is not a choice of duration
            if data.end_date < data.start_date:
                errors["end_date"] = "Дата прекращения раньше даты начала."
        elif data.end_date <= data.start_date:
            errors["end_date"] = "Дата окончания должна быть позже даты начала."
        else:
            problem = duration_problem(data.start_date, data.end_date)
            if problem and not (data.duration_confirmed and data.duration_reason):
                errors["duration_reason"] = problem
    if data.status not in STATUS_LABELS:
        errors["status"] = "Такого состояния пары (группы) нет."
    elif data.status == "ended_early" and not data.end_reason:
        errors["end_reason"] = "Укажите причину досрочного прекращения."
    if data.mode and data.mode not in MODES:
        errors["mode"] = "Режим — очный, онлайн или смешанный."
    if data.consent_date and data.consent_date > today:
        errors["consent_date"] = "Дата согласия не может быть в будущем."
    if data.order_date and not data.order_number:
        errors["order_number"] = "Укажите номер приказа (дата приказа уже указана)."
    if data.order_date and data.order_date > today:
        errors["order_date"] = "Дата приказа не может быть в будущем."
    if data.directions:
        ids = {d.direction_id for d in data.directions}
        known = set(s.scalars(select(Direction.id).where(Direction.id.in_(ids))))
        if ids - known:
            errors["directions"] = "Одного из направлений уже нет в списке."
    if errors:
        raise ValidationError(errors)


def _spans(s: Session, pairs: list[Pair], people: dict[int, Person], role: str) -> list[Span]:
    out = []
    for p in pairs:
        dates = f"{format_date(p.start_date)}–{format_date(p.end_date)}"
        noun = "группа" if p.is_group else "пара"
        if role == "наставник":
            names = sorted(_short(people[m.person_id]) for m in p.mentees)
            whom = (
                f"наставляемые {', '.join(names)}"
                if len(names) > 1
                else f"наставляемый {names[0]}"
                if names
                else "без наставляемых"
            )
        else:
            whom = f"наставник {_short(people[p.mentor_id])}"
        out.append(Span(p.id, p.start_date, p.end_date, f"{noun} № {p.id} ({whom}, {dates})"))
    return out


def _counted(s: Session, data: PairData, role_filter: object) -> list[Pair]:
    q = select(Pair).where(role_filter, Pair.status.not_in(NOT_COUNTED))  # type: ignore[arg-type]
    if data.id is not None:
        q = q.where(Pair.id != data.id)
    return list(s.scalars(q))


def check_limits(s: Session, data: PairData) -> None:
    """Raise ``PairRuleError`` when the mentor would run more than 4 programs on some day of
    the pair's range, or a mentee take part in more than 2. An ended-early pair (``data`` or
    another) does not count."""
    if data.status in NOT_COUNTED or data.mentor_id is None:
        return
    assert data.start_date is not None and data.end_date is not None
    start, end = data.start_date, data.end_date
    people: dict[int, Person] = {}

    def person(pid: int) -> Person:
        if pid not in people:
            found = s.get(Person, pid)
            assert found is not None
            people[pid] = found
        return people[pid]

    def ensure(pairs: list[Pair]) -> None:
        for p in pairs:
            person(p.mentor_id)
            for m in p.mentees:
                person(m.person_id)

    as_mentor = _counted(s, data, Pair.mentor_id == data.mentor_id)
    ensure(as_mentor)
    mentor = person(data.mentor_id)
    running = busiest_overlap(start, end, _spans(s, as_mentor, people, "наставник"))
    message = limit_refusal(
        f"Наставник {full_name(mentor.last_name, mentor.first_name, mentor.middle_name)}",
        "наставник",
        MENTOR_LIMIT,
        running,
    )
    if message:
        raise PairRuleError(message, "mentor_id")
    for pid in data.mentee_ids:
        joined = select(PairMentee.pair_id).where(PairMentee.person_id == pid)
        as_mentee = _counted(s, data, Pair.id.in_(joined))
        ensure(as_mentee)
        m = person(pid)
        running = busiest_overlap(start, end, _spans(s, as_mentee, people, "наставляемый"))
        message = limit_refusal(
            full_name(m.last_name, m.first_name, m.middle_name),
            "наставляемый",
            MENTEE_LIMIT,
            running,
        )
        if message:
            raise PairRuleError(message, "mentee_ids")


def _term_broken(p: Pair, planned: dt.date | None) -> bool:
    if p.status == "ended_early":
        return p.end_date < p.start_date or (planned is not None and planned <= p.start_date)
    return p.end_date <= p.start_date


def _duration_broken(p: Pair, planned: dt.date | None) -> bool:
    if p.duration_reason:
        return False
    if p.status != "ended_early":
        return duration_problem(p.start_date, p.end_date) is not None
    if planned is not None:
        return duration_problem(p.start_date, planned) is not None
    return p.end_date > plain_duration_bounds(p.start_date)[1]


def audit(s: Session) -> list[str]:
    """Every rule broken by the pairs already in the database (e.g. after loading an exchange
    file), as Russian lines; empty when all is well. Runs inside the caller's transaction,
    so an import can refuse before committing.

    A pair ended early is judged by its PLANNED term (the end date its «ended_early» event
    recorded): being cut short is not a duration violation, and it may end on its first day.
    Without that event (a file written by hand) only a term already longer than a year is
    reported, since an early end can only have shortened it."""
    problems: list[str] = []
    all_pairs = list(s.scalars(select(Pair).order_by(Pair.id)))
    people = {p.id: p for p in s.scalars(select(Person))}
    planned = planned_ends(s)
    for p in all_pairs:
        mentees = [m.person_id for m in p.mentees]
        where = f"{'Группа' if p.is_group else 'Пара'} № {p.id}"
        if p.mentor_id in mentees:
            problems.append(f"{where}: наставник указан и наставляемым.")
        if not p.is_group and len(mentees) != 1:
            problems.append(f"{where}: в паре должен быть ровно один наставляемый.")
        if p.is_group and len(mentees) < 2:
            problems.append(f"{where}: в группе меньше двух наставляемых.")
        if _term_broken(p, planned.get(p.id)):
            problems.append(f"{where}: дата окончания не позже даты начала.")
        elif _duration_broken(p, planned.get(p.id)):
            problems.append(f"{where}: срок вне 3–12 месяцев без указанной причины.")
        if p.status not in STATUS_LABELS:
            problems.append(f"{where}: неизвестное состояние «{p.status}».")
    counted = [p for p in all_pairs if p.status not in NOT_COUNTED]
    for role, limit in (("наставник", MENTOR_LIMIT), ("наставляемый", MENTEE_LIMIT)):
        by_person: dict[int, list[Pair]] = {}
        for p in counted:
            ids = [p.mentor_id] if role == "наставник" else [m.person_id for m in p.mentees]
            for pid in ids:
                by_person.setdefault(pid, []).append(p)
        for pid, own in by_person.items():
            spans = _spans(s, own, people, role)
            for sp in spans:
                running = busiest_overlap(sp.start, sp.end, [x for x in spans if x is not sp])
                if len(running) < limit:
                    continue
                who = full_name(
                    people[pid].last_name, people[pid].first_name, people[pid].middle_name
                )
                verb = "ведёт" if role == "наставник" else "участвует в"
                case = "acc" if role == "наставник" else "prep"
                labels = "; ".join(x.label for x in sorted([sp, *running], key=lambda x: x.pair_id))
                problems.append(
                    f"{role.capitalize()} {who} {verb} "
                    f"{programs_text(len(running) + 1, case)} одновременно "
                    f"(можно не больше {limit}): {labels}."
                )
                break
    return problems
