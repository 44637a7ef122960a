"""Mentoring pairs and groups: reading them for lists and documents, saving them under the rules.

Public API (plain dataclasses; every function opens its own unit of work on ``db``):

* ``list_pairs(db, ...) -> list[PairRow]`` — pairs and groups with their people, for the tab,
  the exports and the order «О закреплении наставнических пар (групп)»; filters optional.
* ``get_pair(db, pair_id) -> PairData`` / ``save_pair(db, data) -> int`` — the edit dialog.
* ``change_end_date`` (prolong or shorten), ``end_early``, ``set_status`` — recorded changes.
* ``history(db, pair_id) -> list[EventRow]`` — what was changed, when, why, old → new.
* ``school_years(db)`` — the school years pairs span, for the filter.

Every rule of ``pair_rules`` is checked in ``save_pair`` and in each change, so a script or a
single-pair import cannot bypass what the dialog shows. Rules and their wording live in
``pair_rules``; the history in ``pair_history``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from app.core.school_year import SchoolYear
from app.core.textutil import clean_multiline, clean_text, fold, full_name
from app.errors import KuratorError, ValidationError
from app.models import Direction, Pair, PairDirection, PairMentee, Person, Program
from app.models.db import Database
from app.models.versioning import check_seen
from app.services.pairs import pair_history
from app.services.pairs.pair_checks import audit, check_limits, validate_fields
from app.services.pairs.pair_data import DirectionPick, DirectionRef, PairData, PairRow, PersonRef
from app.services.pairs.pair_fixing import fixing_order
from app.services.pairs.pair_history import EventRow
from app.services.pairs.pair_rules import STATUS_LABELS, duration_problem
from app.services.programs.programs_journal import close_for_pair

# --- reading ------------------------------------------------------------------------------


def _ref(pid: int, last: str, first: str, middle: str, position: str, archived: bool) -> PersonRef:
    return PersonRef(pid, full_name(last, first, middle), position, last, first, middle, archived)


def _row(
    pair: Pair,
    people: dict[int, PersonRef],
    mentee_ids: list[int],
    links: list[tuple[int, str]],
    dirs: dict[int, tuple[int, int, str]],
) -> PairRow:
    mentor = people[pair.mentor_id]
    mentees = sorted((people[pid] for pid in mentee_ids), key=lambda r: (fold(r.full_name), r.id))
    ordered = sorted(links, key=lambda link: dirs.get(link[0], (0, 0, ""))[:2])
    directions = tuple(
        DirectionRef(did, dirs.get(did, (0, 0, ""))[2], deficit) for did, deficit in ordered
    )
    return PairRow(
        id=pair.id,
        is_group=pair.is_group,
        mentor_id=pair.mentor_id,
        mentor_name=mentor.full_name,
        mentor_position=mentor.position,
        mentor=mentor,
        mentees=tuple(mentees),
        form=pair.form,
        kinds=tuple(pair.kinds or ()),
        role_model=pair.role_model,
        start_date=pair.start_date,
        end_date=pair.end_date,
        status=pair.status,
        status_label=STATUS_LABELS.get(pair.status, pair.status),
        mode=pair.mode,
        schedule=pair.schedule,
        consent_date=pair.consent_date,
        allowance=pair.allowance,
        order_number=pair.order_number,
        order_date=pair.order_date,
        directions=directions,
        end_reason=pair.end_reason,
        duration_reason=pair.duration_reason,
        notes=pair.notes,
        school_year=str(SchoolYear.of(pair.start_date)),
    )


def list_pairs(
    db: Database,
    *,
    status: str | None = None,
    mentor_id: int | None = None,
    mentee_id: int | None = None,
    person_id: int | None = None,
    form: str | None = None,
    school_year: str | None = None,
    ids: list[int] | None = None,
) -> list[PairRow]:
    """Pairs and groups, ordered by start date, then mentor's name, then id.

    Filters (all optional, combined with AND): ``status`` (a key of ``STATUS_LABELS``);
    ``mentor_id``; ``mentee_id`` (a mentee of the pair); ``person_id`` (mentor or mentee);
    ``form`` (exact text); ``school_year`` («2026/2027»: pairs whose dates overlap
    01.09.2026–31.08.2027, so a pair spanning two years shows in both); ``ids``."""
    where: list[ColumnElement[bool]] = []
    if status:
        where.append(Pair.status == status)
    if mentor_id is not None:
        where.append(Pair.mentor_id == mentor_id)
    if mentee_id is not None:
        where.append(
            Pair.id.in_(select(PairMentee.pair_id).where(PairMentee.person_id == mentee_id))
        )
    if person_id is not None:
        where.append(
            or_(
                Pair.mentor_id == person_id,
                Pair.id.in_(select(PairMentee.pair_id).where(PairMentee.person_id == person_id)),
            )
        )
    if form:
        where.append(Pair.form == form)
    if school_year:
        first, last = SchoolYear.parse(school_year).bounds()
        where.extend((Pair.start_date <= last, Pair.end_date >= first))
    if ids is not None:
        where.append(Pair.id.in_(ids))
    # Mentees, directions and people are read as plain columns of the chosen pairs (the
    # pairs list feeds «Сегодня» when the window opens): no ORM objects but the pairs'.
    chosen = select(Pair.id).where(*where)
    with db.session() as s:
        pairs = list(s.scalars(select(Pair).where(*where)))
        mentee_ids: dict[int, list[int]] = {}
        for pair_id, pid in s.execute(
            select(PairMentee.pair_id, PairMentee.person_id).where(PairMentee.pair_id.in_(chosen))
        ):
            mentee_ids.setdefault(pair_id, []).append(pid)
        links: dict[int, list[tuple[int, str]]] = {}
        for pair_id, did, deficit in s.execute(
            select(PairDirection.pair_id, PairDirection.direction_id, PairDirection.deficit).where(
                PairDirection.pair_id.in_(chosen)
            )
        ):
            links.setdefault(pair_id, []).append((did, deficit))
        wanted = {p.mentor_id for p in pairs} | {pid for m in mentee_ids.values() for pid in m}
        people = {
            row[0]: _ref(*row)
            for row in s.execute(
                select(
                    Person.id,
                    Person.last_name,
                    Person.first_name,
                    Person.middle_name,
                    Person.position,
                    Person.archived,
                ).where(Person.id.in_(wanted))
            )
        }
        dirs = {
            did: (order, did, name)
            for did, order, name in s.execute(
                select(Direction.id, Direction.sort_order, Direction.name)
            )
        }
        rows = [_row(p, people, mentee_ids.get(p.id, []), links.get(p.id, []), dirs) for p in pairs]
    rows.sort(key=lambda r: (r.start_date, fold(r.mentor_name), r.id))
    return rows


def pairs_of_person(db: Database, person_id: int) -> list[PairRow]:
    """Every pair or group the person takes part in, as mentor or mentee."""
    return list_pairs(db, person_id=person_id)


def school_years(db: Database) -> list[str]:
    """School years covered by any pair, newest first (for the filter)."""
    with db.session() as s:
        spans = s.execute(select(Pair.start_date, Pair.end_date)).all()
    years: set[str] = set()
    for start, end in spans:
        first, last = SchoolYear.of(start).first, SchoolYear.of(end).first
        years.update(str(SchoolYear(y)) for y in range(first, last + 1))
    return sorted(years, reverse=True)


def get_pair(db: Database, pair_id: int) -> PairData:
    """The full record of one pair; ``KuratorError`` if it is gone."""
    with db.session() as s:
        p = s.get(Pair, pair_id)
        if p is None:
            raise KuratorError("Эта пара уже удалена.")
        fixing = fixing_order(s, p)
        data = PairData(
            mentor_id=p.mentor_id,
            mentee_ids=sorted(m.person_id for m in p.mentees),
            is_group=p.is_group,
            form=p.form,
            kinds=list(p.kinds or []),
            role_model=p.role_model,
            start_date=p.start_date,
            end_date=p.end_date,
            status=p.status,
            schedule=p.schedule,
            mode=p.mode,
            consent_date=p.consent_date,
            allowance=p.allowance,
            order_number=p.order_number,
            order_date=p.order_date,
            notes=p.notes,
            directions=[DirectionPick(d.direction_id, d.deficit) for d in p.directions],
            duration_confirmed=bool(p.duration_reason),
            duration_reason=p.duration_reason,
            end_reason=p.end_reason,
            id=p.id,
            version=p.version,
        )
        if fixing is not None:
            data.order_number, data.order_date = fixing.number, fixing.date
            data.fixed_by = fixing.caption
        if p.status == "ended_early":
            data.planned_end = pair_history.planned_ends(s, [p.id]).get(p.id)
        return data


def history(db: Database, pair_id: int) -> list[EventRow]:
    """The recorded changes of a pair, oldest first."""
    return pair_history.events(db, pair_id)


# --- saving -------------------------------------------------------------------------------


def normalize(data: PairData) -> PairData:
    """Trim text, drop characters documents cannot hold, de-duplicate mentees and kinds."""
    for name in ("form", "role_model", "mode", "allowance", "order_number"):
        setattr(data, name, clean_text(getattr(data, name)))
    for name in ("schedule", "notes", "duration_reason", "end_reason"):
        setattr(data, name, clean_multiline(getattr(data, name)))
    data.mentee_ids = list(dict.fromkeys(data.mentee_ids))  # a person counts once per group
    data.kinds = list(dict.fromkeys(k for k in (clean_text(k) for k in data.kinds) if k))
    seen: dict[int, DirectionPick] = {}
    for d in data.directions:
        seen.setdefault(d.direction_id, DirectionPick(d.direction_id, clean_multiline(d.deficit)))
    data.directions = list(seen.values())
    # An ended-early pair keeps the reason for its planned term: its cut-short end date says
    # nothing about the term, and a revived pair gets its planned end back.
    if (
        data.status != "ended_early"
        and data.start_date
        and data.end_date
        and not duration_problem(data.start_date, data.end_date)
    ):
        data.duration_confirmed, data.duration_reason = False, ""
    if data.status != "ended_early":
        data.end_reason = ""
    return data


def _apply(s: Session, pair: Pair, data: PairData) -> None:
    assert data.mentor_id is not None and data.start_date and data.end_date
    pair.mentor_id = data.mentor_id
    pair.is_group = data.is_group
    for name in (
        "form",
        "role_model",
        "status",
        "schedule",
        "mode",
        "consent_date",
        "allowance",
        "order_number",
        "order_date",
        "notes",
        "duration_reason",
        "end_reason",
        "start_date",
        "end_date",
    ):
        setattr(pair, name, getattr(data, name))
    pair.kinds = list(data.kinds)
    current = {m.person_id: m for m in pair.mentees}
    pair.mentees = [current.get(pid) or PairMentee(person_id=pid) for pid in data.mentee_ids]
    old_dirs = {d.direction_id: d for d in pair.directions}
    new_dirs: list[PairDirection] = []
    for pick in data.directions:
        row = old_dirs.get(pick.direction_id) or PairDirection(direction_id=pick.direction_id)
        row.deficit = pick.deficit
        new_dirs.append(row)
    pair.directions = new_dirs


def save_pair(db: Database, data: PairData, today: dt.date | None = None) -> int:
    """Validate ``data`` against every rule and store it (insert when ``id`` is None).

    Raises ``ValidationError`` (field → Russian message) for bad input and
    ``PairRuleError`` (a ``KuratorError`` naming who and which pairs) when a limit would be
    broken; nothing is written then. Records a «создана» or «изменена» event. Returns the id."""
    today = today or dt.date.today()
    normalize(data)
    with db.session() as s:
        old: Pair | None = None
        if data.id is not None:
            old = s.get(Pair, data.id)
            if old is None:
                raise KuratorError("Эта пара уже удалена; сохранить изменения нельзя.")
            check_seen(old, data.version)
        before = pair_history.snapshot(s, old) if old is not None else None
        _keep_fixing_order(s, data)
        validate_fields(s, data, old, today)
        check_limits(s, data)
        pair = old or Pair()
        if old is None:
            s.add(pair)
        _apply(s, pair, data)
        s.flush()
        after = pair_history.snapshot(s, pair)
        if before is None:
            pair_history.record(s, pair, today, "created", "", {})
        else:
            changes = pair_history.diff(before, after)
            if changes:
                kind = "status" if set(changes) == {"status"} else "edited"
                reason = data.end_reason if data.status == "ended_early" else ""
                pair_history.record(s, pair, today, kind, reason, changes)
        return pair.id


def _keep_fixing_order(s: Session, data: PairData) -> None:
    """A pair fixed by a signed pairs order carries that order's number and date; typing
    others over them is refused (the order is changed by taking it back to a draft)."""
    if data.id is None:
        return
    pair = s.get(Pair, data.id)
    fixing = fixing_order(s, pair) if pair is not None else None
    if fixing is None:
        return
    if (data.order_number, data.order_date) != (fixing.number, fixing.date):
        raise ValidationError(
            {
                "order_number": (
                    f"Пара закреплена подписанным {fixing.caption}: номер и дату приказа меняют, "
                    "только вернув этот приказ в проект."
                )
            }
        )


def _noun(pair: Pair) -> tuple[str, str]:
    """(«Пара», «пары») or («Группа», «группы»): how messages name it."""
    return ("Группа", "группы") if pair.is_group else ("Пара", "пары")


def _load(s: Session, pair_id: int) -> Pair:
    pair = s.get(Pair, pair_id)
    if pair is None:
        raise KuratorError("Эта пара уже удалена.")
    return pair


def _as_data(pair: Pair) -> PairData:
    return PairData(
        mentor_id=pair.mentor_id,
        mentee_ids=[m.person_id for m in pair.mentees],
        is_group=pair.is_group,
        start_date=pair.start_date,
        end_date=pair.end_date,
        status=pair.status,
        id=pair.id,
        duration_reason=pair.duration_reason,
        duration_confirmed=bool(pair.duration_reason),
    )


def change_end_date(
    db: Database,
    pair_id: int,
    new_end: dt.date,
    reason: str,
    *,
    duration_confirmed: bool = False,
    duration_reason: str = "",
    today: dt.date | None = None,
) -> str:
    """Prolong or shorten a pair's (group's) term by mutual wish; returns «prolonged» or
    «shortened».

    A reason is required; the new duration is checked (outside 3–12 months it needs
    ``duration_confirmed`` and ``duration_reason``) and so are the limits, since a longer
    term may now overlap more pairs. Recorded with the old and new end date."""
    today = today or dt.date.today()
    reason = clean_multiline(reason)
    duration_reason = clean_multiline(duration_reason)
    with db.session() as s:
        pair = _load(s, pair_id)
        if pair.status == "ended_early":
            raise KuratorError(
                f"{_noun(pair)[0]} уже прекращена досрочно; её срок больше не меняют."
            )
        errors: dict[str, str] = {}
        if not reason:
            errors["reason"] = "Укажите причину изменения срока."
        if new_end == pair.end_date:
            errors["end_date"] = "Новая дата окончания совпадает с прежней."
        elif new_end <= pair.start_date:
            errors["end_date"] = "Дата окончания должна быть позже даты начала."
        problem = duration_problem(pair.start_date, new_end)
        if problem and not (duration_confirmed and duration_reason):
            errors["duration_reason"] = problem
        if errors:
            raise ValidationError(errors)
        data = _as_data(pair)
        data.end_date = new_end
        check_limits(s, data)
        kind = "prolonged" if new_end > pair.end_date else "shortened"
        details: dict[str, list[object]] = {
            "end_date": [pair.end_date.isoformat(), new_end.isoformat()]
        }
        new_reason = duration_reason if problem else ""
        if new_reason != pair.duration_reason:
            details["duration_reason"] = [pair.duration_reason, new_reason]
        pair.end_date = new_end
        pair.duration_reason = new_reason
        pair_history.record(s, pair, today, kind, reason, details)
        return kind


def end_early(
    db: Database, pair_id: int, on: dt.date, reason: str, today: dt.date | None = None
) -> None:
    """End a pair or group before its planned end: status «прекращена досрочно», end date
    ``on``.

    From then on the pair no longer counts toward anyone's limits. The planned end date and
    the reason are kept in the history (``pair_history.planned_ends`` reads it back, for the
    duration check and for a revival by ``set_status``)."""
    today = today or dt.date.today()
    reason = clean_multiline(reason)
    with db.session() as s:
        pair = _load(s, pair_id)
        errors: dict[str, str] = {}
        if pair.status == "ended_early":
            raise KuratorError(f"{_noun(pair)[0]} уже прекращена досрочно.")
        if not reason:
            errors["reason"] = "Укажите причину досрочного прекращения."
        if on < pair.start_date:
            errors["end_date"] = f"Дата прекращения раньше начала {_noun(pair)[1]}."
        elif on > pair.end_date:
            errors["end_date"] = (
                "Дата прекращения позже планового окончания — это не досрочное прекращение."
            )
        if errors:
            raise ValidationError(errors)
        details: dict[str, list[object]] = {"status": [pair.status, "ended_early"]}
        if on != pair.end_date:
            details["end_date"] = [pair.end_date.isoformat(), on.isoformat()]
        pair.status, pair.end_date, pair.end_reason = "ended_early", on, reason
        pair_history.record(s, pair, today, "ended_early", reason, details)
        # Its draft and active programs end with it (not revived if the pair is).

        close_for_pair(s, pair.id, on, reason)


def set_status(
    db: Database, pair_id: int, status: str, reason: str = "", today: dt.date | None = None
) -> None:
    """Change the status (planned → active → completed); recorded with old and new values.

    Ending early goes through ``end_early``. Bringing an ended-early pair back (it was ended
    by mistake, or the work resumed) restores its PLANNED end date from the history: the
    curator expects the pair to continue as it was planned, not to stay cut short at the day
    it was stopped — that date would usually make the term shorter than 3 months with no
    reason given. The planned term was checked (and any reason for it given) when it was set.
    The limits are re-checked over the restored dates, since the pair counts again; the
    restored end date is recorded in the event. Shorten it afterwards with a reason if needed."""
    today = today or dt.date.today()
    if status not in STATUS_LABELS:
        raise ValidationError({"status": "Такого состояния пары (группы) нет."})
    if status == "ended_early":
        raise ValidationError(
            {"status": "Досрочное прекращение — отдельное действие: укажите дату и причину."}
        )
    with db.session() as s:
        pair = _load(s, pair_id)
        if pair.status == status:
            return
        details: dict[str, list[object]] = {"status": [pair.status, status]}
        if pair.status == "ended_early":
            data = _as_data(pair)
            data.status = status
            planned = pair_history.planned_ends(s, [pair.id]).get(pair.id)
            if planned is not None and planned != pair.end_date:
                data.end_date = planned
            check_limits(s, data)
            if data.end_date != pair.end_date:
                assert data.end_date is not None
                details["end_date"] = [pair.end_date.isoformat(), data.end_date.isoformat()]
                pair.end_date = data.end_date
        if pair.end_reason:
            details["end_reason"] = [pair.end_reason, ""]
        pair.status, pair.end_reason = status, ""
        pair_history.record(s, pair, today, "status", clean_multiline(reason), details)


def audit_pairs(db: Database) -> list[str]:
    """Rules broken by pairs already stored (an exchange file written by hand or by an old
    version): Russian lines, empty when all is well. See ``pair_checks.audit`` to run the
    same check inside an import's transaction."""
    with db.session() as s:
        return audit(s)


def delete_pair(db: Database, pair_id: int) -> None:
    """Delete a pair entered by mistake, with its history (an ended pair is better kept).

    Refused (``KuratorError``) once the pair has a program or a SIGNED pairs order names it
    (``pair_fixing``; a number typed into the pair by hand does not count): deleting
    it would take the program with it or leave the signed order naming a pair that is gone."""
    with db.session() as s:
        pair = s.get(Pair, pair_id)
        if pair is None:
            return
        programs = (
            s.scalar(select(func.count()).select_from(Program).where(Program.pair_id == pair_id))
            or 0
        )
        if programs:
            raise KuratorError(
                "Удалить нельзя: по этой паре уже составлена программа наставничества. "
                "Если работа не состоялась, прекратите пару досрочно и укажите причину — "
                "программа и история сохранятся."
            )
        fixing = fixing_order(s, pair)
        if fixing is not None:
            raise KuratorError(
                f"Удалить нельзя: {_noun(pair)[0].lower()} закреплена {fixing.caption}. "
                "Прекратите её досрочно с указанием причины."
            )
        s.delete(pair)
