"""The demo school's mentoring pairs: seven classic pairs, one reverse pair and one group.

Saved through ``pairs.save_pair``, so the demo obeys the same limits as the curator. The
directions come from each mentee's latest grid cells when the demo has diagnostics (step
``add_grid``); without them the pairs simply have none. Dates lie in the demo's school year;
the status follows from them and ``ctx.today`` (planned, running or completed)."""

from __future__ import annotations

import datetime as dt

from app.models.db import Database
from app.services.demo.context import DemoContext
from app.services.grid import grid_state
from app.services.pairs import matching, pairs
from app.services.pairs.pair_data import DirectionPick, PairData

TEACHER_FORM = "учитель – учитель"
_TRADITIONAL = "традиционное («один на один»)"
# mentor, mentee, role model, meeting schedule, mode, allowance
_PAIRS: list[tuple[str, str, str, str, str, str]] = [
    (
        "kuznetsova",
        "smirnova",
        "опытный предметник – неопытный предметник",
        "вторник, 14:30–15:30",
        "очный",
        "15 % оклада",
    ),
    (
        "vasilev",
        "popov",
        "опытный предметник – неопытный предметник",
        "четверг, 15:00–16:00",
        "очный",
        "15 % оклада",
    ),
    (
        "pavlova",
        "volkova",
        "опытный педагог – молодой специалист",
        "понедельник, 13:30–14:30",
        "очный",
        "15 % оклада",
    ),
    (
        "nikolaeva",
        "kiseleva",
        "опытный предметник – неопытный предметник",
        "среда, 14:30–15:30",
        "смешанный",
        "10 % оклада",
    ),
    (
        "morozov",
        "andreev",
        "опытный классный руководитель – молодой специалист",
        "пятница, 14:00–15:00",
        "очный",
        "",
    ),
    (
        "orlova",
        "belousova",
        "опытный педагог – молодой специалист",
        "раз в две недели, вторник, 15:30",
        "смешанный",
        "",
    ),
    (
        "fedorova",
        "guseva",
        "опытный предметник – неопытный предметник",
        "среда, 13:30–14:30",
        "очный",
        "10 % оклада",
    ),
]
_GROUP = ("orlova", ["smirnova", "andreev", "guseva"])
_REVERSE_MENTOR, _REVERSE_FALLBACK = "popov", "tikhonov"


def _status(ctx: DemoContext, start: dt.date, end: dt.date) -> str:
    if ctx.today < start:
        return "planned"
    return "completed" if ctx.today > end else "active"


def _deficits(db: Database, ids: list[int], limit: int = 3) -> list[DirectionPick]:
    """The mentees' worst directions from the grid: shared ones, then priority ones, then the
    more severe level first (severities are the curator's, any above 0 is a deficit)."""
    cells = grid_state.latest_cells(db, person_ids=ids)
    scored: dict[int, tuple[int, int, int, str]] = {}
    for pid in ids:
        for did, cell in cells.get(pid, {}).items():
            if cell.severity is not None and cell.severity > 0:  # any deficit level
                count, prio, worst, text = scored.get(did, (0, 0, 0, ""))
                scored[did] = (
                    count + 1,
                    max(prio, int(cell.priority)),
                    max(worst, cell.severity or 0),
                    text or cell.deficit,
                )
    best = sorted(scored.items(), key=lambda kv: (-kv[1][0], -kv[1][1], -kv[1][2], kv[0]))[:limit]
    return [DirectionPick(did, text) for did, (_c, _p, _w, text) in best]


def add_pairs(db: Database, ctx: DemoContext) -> str:
    """Eight pairs (one of them reverse) and one group, each with its mentor's consent."""
    p = ctx.persons
    start = ctx.year_start + dt.timedelta(days=30)
    end = dt.date(ctx.year_start.year + 1, 5, 31)
    consent = ctx.day(20)
    made = 0
    for mentor, mentee, role, schedule, mode, allowance in _PAIRS:
        if mentor not in p or mentee not in p:
            continue
        pairs.save_pair(
            db,
            PairData(
                mentor_id=p[mentor],
                mentee_ids=[p[mentee]],
                form=TEACHER_FORM,
                kinds=[_TRADITIONAL],
                role_model=role,
                start_date=start,
                end_date=end,
                status=_status(ctx, start, end),
                schedule=schedule,
                mode=mode,
                consent_date=consent,
                allowance=allowance,
                directions=_deficits(db, [p[mentee]]),
            ),
            today=ctx.today,
        )
        made += 1
    g_mentor, g_keys = _GROUP
    g_start, g_end = start + dt.timedelta(days=31), dt.date(ctx.year_start.year + 1, 4, 30)
    group_ids = [p[k] for k in g_keys if k in p]
    if g_mentor in p and len(group_ids) >= 2:
        pairs.save_pair(
            db,
            PairData(
                mentor_id=p[g_mentor],
                mentee_ids=group_ids,
                is_group=True,
                form=TEACHER_FORM,
                kinds=["в группе"],
                role_model="опытный педагог – молодой специалист",
                start_date=g_start,
                end_date=g_end,
                status=_status(ctx, g_start, g_end),
                schedule="последний четверг месяца, 15:00–16:30",
                mode="очный",
                consent_date=consent,
                directions=_deficits(db, group_ids, limit=2),
            ),
            today=ctx.today,
        )
    reverse = _add_reverse(db, ctx)
    return (
        f"наставнических пар — {made + reverse}, из них реверсивных — {reverse}; "
        f"групп — {1 if len(group_ids) >= 2 else 0}"
    )


def _add_reverse(db: Database, ctx: DemoContext) -> int:
    """The young physics teacher helps an experienced colleague with digital tools: the
    colleague is the top reverse suggestion from the grid, or a fixed one without a grid."""
    p = ctx.persons
    if _REVERSE_MENTOR not in p:
        return 0
    start = dt.date(ctx.year_start.year + 1, 1, 12)
    end = dt.date(ctx.year_start.year + 1, 4, 30)
    found = [
        s
        for s in matching.suggest_reverse(db, p[_REVERSE_MENTOR], start=start, end=end)
        if not s.at_limit
    ]
    colleague = found[0].person_id if found else p.get(_REVERSE_FALLBACK)
    if colleague is None:
        return 0
    dirs = [DirectionPick(d) for d in found[0].directions[:2]] if found else []
    if dirs:
        cells = grid_state.latest_cells(db, person_ids=[colleague]).get(colleague, {})
        dirs = [
            DirectionPick(d.direction_id, cells[d.direction_id].deficit)
            for d in dirs
            if d.direction_id in cells
        ]
    pairs.save_pair(
        db,
        PairData(
            mentor_id=p[_REVERSE_MENTOR],
            mentee_ids=[colleague],
            form=TEACHER_FORM,
            kinds=["реверсивное"],
            role_model="педагог-новатор – консервативный педагог",
            start_date=start,
            end_date=end,
            status=_status(ctx, start, end),
            schedule="по договорённости, после уроков",
            mode="очный",
            consent_date=ctx.day(20),
            directions=dirs,
        ),
        today=ctx.today,
    )
    return 1
