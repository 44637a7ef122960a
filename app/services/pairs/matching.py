"""Mentor suggestions drawn from the diagnostic grid, each with a score and a reason in Russian.

``suggest_mentors(db, mentee_ids, ...)`` ranks every other active teacher as a mentor for one
mentee or for a group sharing a deficit; ``suggest_reverse(db, person_id, ...)`` finds
colleagues who are weak where this person is strong (reverse mentoring). Inputs, each with an
editable weight (``MatchWeights``, kept in app_settings under ``matching.weights``):

* strength — in the directions where the mentee has a deficit (a level of severity above 0),
  the candidate has a level without deficit (severity 0) and/or a written strength; a need at
  the highest severity among the levels («выраженный») counts fully, a milder one by
  ``yellow_share``; a candidate with a deficit there does not count as strong. The levels are
  the curator's (``grid_state.levels``): their severities and names are read, never assumed;
* subject — a subject in common; position — the same position; experience — years, up to 20;
* load — free places under the limit of 4 programs on the days of the planned pair;
* base — the candidate is in the base of mentors.

A candidate already mentoring this mentee in a running or planned pair is left out. Candidates
at the limit are kept, marked and placed last. The grid is read through
``grid_state.latest_levels`` (levels and whether a strength is written, without the texts), so
the "latest level" means the same as on the grid tab, and 2,000 teachers read fast.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from functools import lru_cache

from sqlalchemy import select

from app.core.textutil import fold, full_name
from app.errors import ValidationError
from app.models import AppSetting, MentorProfile, Pair, PairMentee, Person
from app.models.db import Database
from app.services.grid import grid_state
from app.services.grid.grid_state import LevelCell
from app.services.pairs.matching_text import (
    NO_DEFICITS,
    NO_STRENGTHS,
    mentor_reason,
    reverse_reason,
    short_direction,
)
from app.services.pairs.pair_rules import (
    MENTEE_LIMIT,
    MENTOR_LIMIT,
    NOT_COUNTED,
    Span,
    busiest_overlap,
)
from app.services.school import reference
from app.services.school.declension import Gender, gender_of

SETTING_KEY = "matching.weights"

__all__ = [
    "MatchIndex",
    "MatchWeights",
    "ReverseSuggestion",
    "Suggestion",
    "load_index",
    "load_weights",
    "rank_mentors",
    "rank_reverse",
    "red_directions",
    "save_weights",
    "suggest_mentors",
    "suggest_reverse",
    "weak_notice",
]


@dataclass(frozen=True)
class MatchWeights:
    """How much each input counts (any non-negative numbers; only their ratio matters)."""

    strength: float = 50.0
    subject: float = 15.0
    position: float = 5.0
    experience: float = 15.0
    load: float = 10.0
    mentor_base: float = 5.0
    yellow_share: float = 0.5  # a yellow (partial) deficit counts this share of a red one

    def total(self) -> float:
        return (
            self.strength
            + self.subject
            + self.position
            + self.experience
            + self.load
            + self.mentor_base
        )


WEIGHT_LABELS: dict[str, str] = {
    "strength": "Сильные стороны в направлениях дефицита",
    "subject": "Тот же предмет",
    "position": "Та же должность",
    "experience": "Стаж (до 20 лет)",
    "load": "Свободные места под пределом 4 программ",
    "mentor_base": "Есть в базе наставников",
    "yellow_share": "Доля частичного дефицита от выраженного (0–1)",
}


def load_weights(db: Database) -> MatchWeights:
    """The curator's weights, or the defaults (also for a damaged or partial setting)."""
    with db.session() as s:
        row = s.get(AppSetting, SETTING_KEY)
        raw = row.value if row is not None else ""
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        data = {}
    known = {f.name for f in fields(MatchWeights)}
    clean = (
        {
            k: float(v)
            for k, v in data.items()
            if k in known and isinstance(v, int | float) and v >= 0
        }
        if isinstance(data, dict)
        else {}
    )
    return MatchWeights(**clean)


def save_weights(db: Database, weights: MatchWeights) -> None:
    """Store the weights; ``ValidationError`` for negative values or all of them zero."""
    errors = {
        f.name: "Вес — число не меньше нуля."
        for f in fields(MatchWeights)
        if getattr(weights, f.name) < 0
    }
    if weights.yellow_share > 1:
        errors["yellow_share"] = "Доля — число от 0 до 1."
    if not errors and weights.total() <= 0:
        errors["strength"] = "Хотя бы один вес должен быть больше нуля."
    if errors:
        raise ValidationError(errors)
    with db.session() as s:
        row = s.get(AppSetting, SETTING_KEY)
        if row is None:
            row = AppSetting(key=SETTING_KEY)
            s.add(row)
        row.value = json.dumps(asdict(weights))


@dataclass(frozen=True)
class Suggestion:
    """A candidate mentor: ``score`` 0–100, ``reason`` in Russian, ``load`` programs at once."""

    person_id: int
    full_name: str
    position: str
    experience_years: int | None
    score: int
    reason: str
    load: int
    at_limit: bool
    strong_directions: tuple[int, ...]


@dataclass(frozen=True)
class ReverseSuggestion:
    """A colleague this person could mentor in reverse (strong where the colleague is weak)."""

    person_id: int
    full_name: str
    position: str
    experience_years: int | None
    score: int
    reason: str
    directions: tuple[int, ...]
    mentee_load: int
    at_limit: bool


@dataclass(frozen=True)
class _Teacher:
    id: int
    last_name: str
    first_name: str
    middle_name: str
    position: str
    subjects: frozenset[str]
    experience: int | None
    in_base: bool
    gender: Gender | None

    @property
    def name(self) -> str:
        return full_name(self.last_name, self.first_name, self.middle_name)


@lru_cache(maxsize=4096)
def _gender(first: str, middle: str) -> Gender | None:
    return gender_of(first, middle)


@lru_cache(maxsize=4096)
def _subjects(text: str) -> frozenset[str]:
    return frozenset(fold(p.strip()) for p in re.split(r"[;,]", text or "") if p.strip())


def _teachers(db: Database) -> dict[int, _Teacher]:
    with db.session() as s:
        q = (
            select(
                Person.id,
                Person.last_name,
                Person.first_name,
                Person.middle_name,
                Person.position,
                Person.subjects,
                Person.experience_years,
                MentorProfile.person_id,
            )
            .outerjoin(MentorProfile, MentorProfile.person_id == Person.id)
            .where(Person.archived.is_(False))
        )
        return {
            pid: _Teacher(
                pid,
                last,
                first,
                middle,
                pos,
                _subjects(subj),
                exp,
                base is not None,
                _gender(first, middle),
            )
            for pid, last, first, middle, pos, subj, exp, base in s.execute(q)
        }


def _loads(
    db: Database,
    start: dt.date,
    end: dt.date,
    exclude_pair_id: int | None,
) -> tuple[dict[int, int], dict[int, int], set[tuple[int, int]]]:
    """Mentor load and mentee load (programs at once within the dates) and the running or
    planned (mentor, mentee) links, from one pass over the counted pairs."""
    as_mentor: dict[int, list[Span]] = {}
    as_mentee: dict[int, list[Span]] = {}
    links: set[tuple[int, int]] = set()
    with db.session() as s:
        q = (
            select(
                Pair.id,
                Pair.mentor_id,
                Pair.start_date,
                Pair.end_date,
                Pair.status,
                PairMentee.person_id,
            )
            .join(PairMentee, PairMentee.pair_id == Pair.id)
            .where(Pair.status.not_in(NOT_COUNTED))
        )
        seen: set[int] = set()
        for pid, mentor, p_start, p_end, status, mentee in s.execute(q):
            if pid == exclude_pair_id:
                continue
            span = Span(pid, p_start, p_end, "")
            if pid not in seen:
                seen.add(pid)
                as_mentor.setdefault(mentor, []).append(span)
            as_mentee.setdefault(mentee, []).append(span)
            if status in ("planned", "active"):
                links.add((mentor, mentee))
    m_load = {k: len(busiest_overlap(start, end, v)) for k, v in as_mentor.items()}
    e_load = {k: len(busiest_overlap(start, end, v)) for k, v in as_mentee.items()}
    return m_load, e_load, links


def _is_deficit(severity: int | None) -> bool:
    """A level counts as a deficit when its severity is above 0 (None: not assessed)."""
    return severity is not None and severity > 0


def _strength(cell: LevelCell | None) -> float:
    """How strong a teacher is in a direction: green and written 1, green 0.7, written 0.6."""
    if cell is None or _is_deficit(cell.severity):
        return 0.0
    green = cell.severity == 0
    written = cell.has_strength
    return 1.0 if green and written else 0.7 if green else 0.6 if written else 0.0


def _period(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    start = start or dt.date.today()
    return start, max(end or start, start)


@dataclass(frozen=True)
class MatchIndex:
    """Everything ranking needs, read once: teachers, the latest grid, loads over the dates.

    Build it with ``load_index`` and rank several mentees or both directions on it."""

    teachers: dict[int, _Teacher]
    cells: dict[int, dict[int, LevelCell]]
    mentor_load: dict[int, int]
    mentee_load: dict[int, int]
    links: set[tuple[int, int]]
    levels: dict[int, str]  # severity → the level's stored name, for reasons
    names: dict[int, str]  # short names of directions, as reasons quote them
    weights: MatchWeights
    top: int = 2  # the highest severity among the levels: «выраженный» counts fully
    # folded positions never offered as mentors by default (the school's reference list)
    excluded_positions: tuple[str, ...] = ()

    def offered(self, t: _Teacher) -> bool:
        """False for non-teaching staff (secretary, accountant, …) on the school's list."""
        position = fold(t.position)
        return not any(p and p in position for p in self.excluded_positions)

    def strengths_known(self, exclude: Iterable[int] = ()) -> bool:
        """Whether any offered teacher (not in ``exclude``) has a strength recorded."""
        skip = set(exclude)
        return any(
            _strength(c) > 0
            for pid, cells in self.cells.items()
            if pid not in skip and pid in self.teachers and self.offered(self.teachers[pid])
            for c in cells.values()
        )

    def share(self, severity: int) -> float:
        """How much a need of ``severity`` counts: fully at the top, else ``yellow_share``."""
        return 1.0 if severity >= self.top else self.weights.yellow_share


def load_index(
    db: Database,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    weights: MatchWeights | None = None,
    exclude_pair_id: int | None = None,
) -> MatchIndex:
    """Read the data for ranking over the planned dates ``start``–``end`` (default today).

    ``exclude_pair_id`` is the pair being edited, so it does not count against its people."""
    start, end = _period(start, end)
    m_load, e_load, links = _loads(db, start, end, exclude_pair_id)
    levels = {lv.severity: lv.name for lv in grid_state.levels(db) if lv.severity is not None}
    return MatchIndex(
        teachers=_teachers(db),
        cells=grid_state.latest_levels(db),
        mentor_load=m_load,
        mentee_load=e_load,
        links=links,
        levels=levels,
        top=max(levels, default=1),
        names={
            d.id: short_direction(d.name) for d in grid_state.directions(db, include_hidden=True)
        },
        weights=weights or load_weights(db),
        excluded_positions=tuple(
            fold(v.strip()) for v in reference.values(db, "non_mentor_position") if v.strip()
        ),
    )


def suggest_mentors(
    db: Database,
    mentee_ids: list[int],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    weights: MatchWeights | None = None,
    exclude_pair_id: int | None = None,
) -> list[Suggestion]:
    """Candidate mentors for one mentee or a group, best first, those at the limit last.

    ``start``/``end`` are the planned dates (default today): the load is counted on them.
    ``exclude_pair_id`` is the pair being edited, so it does not count against its mentor."""
    return rank_mentors(
        load_index(db, start=start, end=end, weights=weights, exclude_pair_id=exclude_pair_id),
        mentee_ids,
    )


def rank_mentors(
    index: MatchIndex, mentee_ids: list[int], include_non_teaching: bool = False
) -> list[Suggestion]:
    """``suggest_mentors`` on data already read. Staff whose position is on the school's
    list «Должности, не предлагаемые в наставники» are left out unless asked for."""
    weights, teachers, cells = index.weights, index.teachers, index.cells
    m_load, links = index.mentor_load, index.links
    group = [i for i in dict.fromkeys(mentee_ids) if i in teachers or i in cells]
    # need per direction: the mean over the group of 1 (the top severity) / yellow_share
    need: dict[int, float] = {}
    worst: dict[int, int] = {}
    count: dict[int, int] = {}
    for mid in group:
        for did, cell in cells.get(mid, {}).items():
            if cell.severity is not None and cell.severity > 0:
                need[did] = need.get(did, 0.0) + index.share(cell.severity) / len(group)
                worst[did] = max(worst.get(did, 0), cell.severity)
                count[did] = count.get(did, 0) + 1
    need_total = sum(need.values())
    levels, names = index.levels, index.names
    mentee_subjects = frozenset().union(*(teachers[i].subjects for i in group if i in teachers))
    mentee_positions = {teachers[i].position.lower() for i in group if i in teachers}
    total = weights.total() or 1.0
    known = index.strengths_known(group)
    out: list[Suggestion] = []
    for t in teachers.values():
        if t.id in group or any((t.id, mid) in links for mid in group):
            continue
        if not include_non_teaching and not index.offered(t):
            continue
        mine = cells.get(t.id, {})
        power = {d: s for d in need if (s := _strength(mine.get(d))) > 0}
        strong = list(power)
        c_strength = sum(need[d] * s for d, s in power.items()) / need_total if need_total else 0.0
        same_subject = bool(t.subjects & mentee_subjects)
        same_position = bool(t.position) and t.position.lower() in mentee_positions
        exp = min(t.experience or 0, 20) / 20
        load = m_load.get(t.id, 0)
        at_limit = load >= MENTOR_LIMIT
        free = 0.0 if at_limit else (MENTOR_LIMIT - load) / MENTOR_LIMIT
        score = (
            100
            * (
                weights.strength * c_strength
                + weights.subject * same_subject
                + weights.position * same_position
                + weights.experience * exp
                + weights.load * free
                + weights.mentor_base * t.in_base
            )
            / total
        )
        strong.sort(key=lambda d: (-worst[d], -need[d], d))
        reason = mentor_reason(
            t.gender,
            strong,
            worst,
            count,
            len(group),
            names,
            levels,
            bool(need),
            same_subject,
            same_position,
            t.experience,
            load,
            t.in_base,
            strengths_known=known,
        )
        out.append(
            Suggestion(
                t.id,
                t.name,
                t.position,
                t.experience,
                round(score),
                reason,
                load,
                at_limit,
                tuple(strong),
            )
        )
    out.sort(key=lambda x: (x.at_limit, -x.score, x.full_name.lower(), x.person_id))
    return out


def weak_notice(index: MatchIndex, mentee_ids: list[int]) -> str:
    """Why the suggestions are weak, for the line above them ("" when they are not): no
    deficit recorded for the mentees, or no mentor's strengths recorded at all."""
    group = [i for i in dict.fromkeys(mentee_ids)]
    needs = any(
        c.severity is not None and c.severity > 0
        for mid in group
        for c in index.cells.get(mid, {}).values()
    )
    if not needs:
        return NO_DEFICITS
    return "" if index.strengths_known(group) else NO_STRENGTHS


def red_directions(db: Database, mentee_ids: list[int]) -> list[int]:
    """Directions where a mentee's latest level is the most severe one («выраженный
    дефицит»), in the grid's order: what the pair dialog ticks in advance."""
    top = max(
        (lv.severity for lv in grid_state.levels(db) if lv.severity is not None), default=None
    )
    if top is None or top <= 0:
        return []
    cells = grid_state.latest_levels(db)
    red = {did for mid in mentee_ids for did, c in cells.get(mid, {}).items() if c.severity == top}
    return [d.id for d in grid_state.directions(db, include_hidden=True) if d.id in red]


def suggest_reverse(
    db: Database,
    person_id: int,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    weights: MatchWeights | None = None,
) -> list[ReverseSuggestion]:
    """Colleagues ``person_id`` could mentor in reverse: weak (any deficit) where this person
    is strong, most experienced and most in need first; at the mentee limit last, marked."""
    return rank_reverse(load_index(db, start=start, end=end, weights=weights), person_id)


def rank_reverse(index: MatchIndex, person_id: int) -> list[ReverseSuggestion]:
    """``suggest_reverse`` on data already read."""
    weights, teachers, cells = index.weights, index.teachers, index.cells
    e_load, links = index.mentee_load, index.links
    mine = cells.get(person_id, {})
    strong = {d: _strength(c) for d, c in mine.items() if _strength(c) > 0}
    me = teachers.get(person_id)
    if not strong or me is None:
        return []
    levels, names = index.levels, index.names
    gender = me.gender
    out: list[ReverseSuggestion] = []
    for t in teachers.values():
        if t.id == person_id or (person_id, t.id) in links:
            continue
        theirs = cells.get(t.id, {})
        weak = {
            d: c.severity
            for d, c in theirs.items()
            if d in strong and c.severity is not None and c.severity > 0
        }
        if not weak:
            continue
        gain = sum(strong[d] * index.share(sev) for d, sev in weak.items())
        c_gain = min(gain / 2, 1.0)  # two red directions covered is a full match
        exp = min(t.experience or 0, 20) / 20
        load = e_load.get(t.id, 0)
        at_limit = load >= MENTEE_LIMIT
        free = 0.0 if at_limit else (MENTEE_LIMIT - load) / MENTEE_LIMIT
        part = weights.strength + weights.experience + weights.load or 1.0
        score = (
            100
            * (weights.strength * c_gain + weights.experience * exp + weights.load * free)
            / part
        )
        dirs = sorted(weak, key=lambda d: (-weak[d], d))
        reason = reverse_reason(gender, dirs, weak, names, levels, t.experience, load)
        out.append(
            ReverseSuggestion(
                t.id,
                t.name,
                t.position,
                t.experience,
                round(score),
                reason,
                tuple(dirs),
                load,
                at_limit,
            )
        )
    out.sort(key=lambda x: (x.at_limit, -x.score, x.full_name.lower(), x.person_id))
    return out
