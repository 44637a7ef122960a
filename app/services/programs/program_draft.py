"""A new program's roadmap drafted from the diagnosis, and the summary of what was generated.

Each deficit direction of the program gets activities from the school's library
(``activity_library``): ``RED_COUNT`` for a pronounced deficit, ``YELLOW_COUNT`` for a
partial one, spread over the program's term in their order (first steps first, an open
lesson or reflection last); a strength gets ``STRENGTH_COUNT`` activities to develop it. In
a group, a direction every mentee shares goes to the common part, one only some mentees
have goes to their modules. Rows are written as models here (no import of the programs
service, which calls this while creating the program)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.textutil import fold, format_date
from app.models import Direction, ProgramDirection, ProgramItem
from app.services.grid.grid_state import CellState
from app.services.programs.activity_library import Activity

RED_COUNT = 4
YELLOW_COUNT = 3
STRENGTH_COUNT = 2  # «one or two activities to develop a strength», in the whole program
SOURCE_GRID = "диагностика"
SOURCE_PAIR = "направление, выбранное для пары"


@dataclass(frozen=True)
class DraftDirection:
    """A direction of the draft: its level in the diagnosis, how many rows were generated,
    and where it came from (the diagnosis of a date, the pair, a template)."""

    name: str
    focus: str
    level: str
    priority: bool
    activities: int
    source: str


@dataclass
class DraftSummary:
    """What the curator is told after a program is created (``lines`` in Russian)."""

    directions: list[DraftDirection] = field(default_factory=list)
    template: str = ""
    template_rows: int = 0
    template_added: list[str] = field(default_factory=list)  # not named by the diagnosis
    term: str = ""  # how the program's term was set (kept by a template, never shortened)
    notes: list[str] = field(default_factory=list)

    @property
    def generated(self) -> int:
        return sum(d.activities for d in self.directions)

    @property
    def lines(self) -> list[str]:
        out = []
        if self.directions:
            out.append(
                f"Дорожная карта составлена по диагностике: мероприятий — "
                f"{self.generated}, из библиотеки мероприятий."
            )
        for d in self.directions:
            what = "сильная сторона" if d.focus == "strength" else d.level or "дефицит"
            flag = ", первоочередной" if d.priority else ""
            out.append(
                f"«{d.name}» ({what}{flag}; источник — {d.source}): мероприятий — {d.activities}."
            )
        if self.template:
            out.append(f"Поверх применён шаблон «{self.template}»: строк — {self.template_rows}.")
        if self.template_added:
            out.append(
                "Шаблон добавил направления, которых нет в диагностике наставляемого: "
                + ", ".join(f"«{n}»" for n in self.template_added)
                + ". Проверьте, нужны ли они."
            )
        out.extend(self.notes)
        if not out:
            out.append(
                "В диагностике наставляемого нет дефицитов: дорожная карта пуста, "
                "заполните её вручную или проведите диагностику."
            )
        if self.term:
            out.append(self.term)
        return out

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def plan_from(start: dt.date, end: dt.date, today: dt.date) -> dt.date:
    """The first day suggested rows are planned on: ``today`` for a program drafted after
    its start (a school joining mid-year), since a row planned in the past would be
    overdue the day it is made; else the program's start."""
    return today if start < today < end else start


def late_start_note(start: dt.date, plan_start: dt.date) -> str:
    """The summary's line when rows were planned from ``plan_start`` instead of ``start``."""
    return (
        f"Начало программы ({format_date(start)}) уже прошло: мероприятия "
        f"распределены с {format_date(plan_start)} до её окончания, чтобы ни одно "
        "не оказалось просроченным в день создания."
    )


def _matches(a: Activity, names: tuple[str, ...]) -> bool:
    return bool(a.direction) and fold(a.direction) in names


def choose(
    library: Sequence[Activity], names: tuple[str, ...], focus: str, count: int
) -> list[Activity]:
    """Up to ``count`` activities of different kinds: those written for this direction
    first, then general ones; in the order of the work (``stage``)."""
    own = [a for a in library if a.focus == focus and _matches(a, names)]
    general = [a for a in library if a.focus == focus and not a.direction]
    chosen: list[Activity] = []
    kinds: set[str] = set()
    for a in own + general:
        if len(chosen) >= count:
            break
        if a.kind not in kinds:
            chosen.append(a)
            kinds.add(a.kind)
    return sorted(chosen, key=lambda a: a.stage)


def spread(start: dt.date, end: dt.date, n: int) -> list[tuple[dt.date, dt.date]]:
    """``n`` consecutive periods covering ``start``–``end`` (the last ends on ``end``)."""
    days = max((end - start).days, n)
    out = []
    for i in range(n):
        a = start + dt.timedelta(days=days * i // n)
        b = start + dt.timedelta(days=days * (i + 1) // n - (0 if i == n - 1 else 1))
        out.append((a, min(max(a, b), end)))
    return out


def fill_roadmap_in(
    s: Session,
    program_id: int,
    start: dt.date,
    end: dt.date,
    plans: Sequence[ProgramDirection],
    cells: dict[int, dict[int, CellState]],
    mentees: Sequence[int],
    is_group: bool,
    library: Sequence[Activity],
    levels: dict[int, str],
    from_pair: set[int],
) -> DraftSummary:
    """Write the generated rows of ``program_id`` for ``plans`` (its directions, in order);
    ``cells`` are the mentees' latest grid cells, ``levels`` severity → level name."""
    dirs = {d.id: d for d in s.scalars(select(Direction))}
    summary = DraftSummary()
    seq = 0
    strength_left = STRENGTH_COUNT
    for plan in plans:
        d = dirs.get(plan.direction_id)
        if d is None:
            continue
        names = tuple(fold(n) for n in (d.name, d.short_name) if n)
        own = {
            m: c[plan.direction_id]
            for m, c in cells.items()
            if plan.direction_id in c and m in mentees
        }
        if plan.focus == "strength":
            count = min(strength_left, STRENGTH_COUNT)
            if count <= 0:
                continue
            strength_left -= count
            owners: list[int | None] = [None]
            level = ""
        else:
            lacking = {m: c for m, c in own.items() if (c.severity or 0) > 0 or c.deficit.strip()}
            worst = max(((c.severity or 0) for c in lacking.values()), default=0)
            top = max(levels, default=2)
            count = RED_COUNT if worst >= top or plan.priority else YELLOW_COUNT
            level = levels.get(worst, "") if worst else ""
            owners = [None]
            if is_group and lacking and len(lacking) < len(mentees):
                owners = sorted(lacking, key=lambda m: mentees.index(m))
        chosen = choose(library, names, plan.focus, count)
        periods = spread(start, end, len(chosen)) if chosen else []
        for owner in owners:
            for a, (a_start, a_end) in zip(chosen, periods, strict=True):
                s.add(
                    ProgramItem(
                        program_id=program_id,
                        direction_id=plan.direction_id,
                        mentee_id=owner,
                        seq=seq,
                        activity_kind=a.activity_kind,
                        event_form=a.event_form,
                        start_date=a_start,
                        end_date=a_end,
                        expected_result=a.expected_result,
                        participation=a.participation,
                        reporting=a.reporting,
                        mark="planned",
                    )
                )
                seq += 1
        dates = sorted({c.round_date for c in own.values()})
        source = (
            f"{SOURCE_GRID} от {format_date(dates[-1])}"
            if dates
            else SOURCE_PAIR
            if plan.direction_id in from_pair
            else SOURCE_GRID
        )
        summary.directions.append(
            DraftDirection(
                d.name, plan.focus, level, plan.priority, len(chosen) * len(owners), source
            )
        )
    s.flush()
    return summary
