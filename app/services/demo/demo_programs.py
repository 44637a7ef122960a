"""The demo school's programs: one per pair or group already in the database, made from the
starter templates, with the past events marked (some done, some left overdue), a diary,
a plan change and a self-assessment at the start. Does nothing when there are no pairs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.models import Direction, Pair, PairDirection
from app.models.db import Database
from app.services.demo.context import DemoContext
from app.services.grid import grid_state
from app.services.programs import program_templates, programs, programs_items, programs_journal
from app.services.programs.programs_journal import Assessment, DiaryEntry

_DIARY = [
    (
        "Знакомство, обсуждение затруднений и ожиданий",
        "индивидуальная беседа",
        "Определены первоочередные дефициты",
        "Вести записи после каждого урока",
    ),
    (
        "Разбор посещённого урока",
        "посещение урока наставляемого",
        "Цели урока сформулированы нечётко",
        "Формулировать цель через результат ученика",
    ),
    (
        "Подготовка к открытому уроку",
        "совместное планирование урока",
        "Составлена технологическая карта",
        "Отрепетировать переходы между этапами",
    ),
]
_IMAGE = (
    "Учитель, к которому дети идут с интересом: уверенно ведёт урок, видит каждого "
    "ученика и сам понимает, что получилось, а что стоит изменить."
)


def _mark_past(db: Database, program_id: int, today: dt.date) -> tuple[int, int]:
    """Mark rows due before ``today``: the second of every three is left undone (overdue;
    the first such one moved two weeks later and still not done), the rest done on their
    date. Returns (done, overdue)."""
    done = overdue = 0
    moved = False
    past = [
        i
        for i in programs.get_program(db, program_id).items
        if i.id is not None and i.dates.due is not None and i.dates.due < today
    ]
    for k, item in enumerate(past):
        due = item.dates.due
        assert due is not None and item.id is not None
        if k % 3 == 1:
            later = due + dt.timedelta(days=14)
            if not moved and later < today:
                programs_items.update_item(db, item.id, mark="moved", mark_date=later)
                moved = True
            overdue += 1
            continue
        programs_items.update_item(
            db,
            item.id,
            mark="done",
            mark_date=due,
            evaluation="полезно, ожидания оправдались" if k % 2 else "вдохновило на новые идеи",
        )
        done += 1
    return done, overdue


def add_programs(db: Database, ctx: DemoContext) -> str:
    """A program for each pair in the database; '' when there are none."""
    with db.session() as s:
        pairs = [
            (p.id, p.start_date, p.end_date, p.is_group)
            for p in s.scalars(select(Pair).order_by(Pair.id))
        ]
    if not pairs:
        return ""
    starters = [t.key for t in program_templates.list_templates(db) if t.starter]
    if not starters:
        return ""
    topics = {
        key: {
            str(d.get("direction", ""))
            for d in program_templates.template_content(db, key).get("directions", [])
        }
        for key in starters
    }
    with db.session() as s:
        names = dict(s.execute(select(Direction.id, Direction.name)).all())
        wanted: dict[int, set[str]] = {}
        for pd in s.scalars(select(PairDirection)):
            wanted.setdefault(pd.pair_id, set()).add(names.get(pd.direction_id, ""))
    levels = [lv for lv in grid_state.levels(db) if lv.severity is not None]
    made = 0
    for n, (pair_id, start, end, _is_group) in enumerate(pairs):
        # The starter template closest to the pair's deficits; ties go round the list.
        key = max(
            starters,
            key=lambda k: (
                len(topics[k] & wanted.get(pair_id, set())),
                -((starters.index(k) - n) % len(starters)),
            ),
        )
        result = program_templates.create_from_template(
            db, pair_id, key, start, end, fill=False, today=min(start, ctx.today)
        )
        pid = result.program_id
        made += 1
        if start <= ctx.today:
            programs.update_note(db, pid, "status", "active")
        if n == 0:
            programs.update_note(db, pid, "is_route", True)
            programs.update_note(db, pid, "desired_image", _IMAGE)
        _mark_past(db, pid, ctx.today)
        for i, (topic, form, outcome, advice) in enumerate(_DIARY):
            day = start + dt.timedelta(days=7 + 21 * i)
            if day <= ctx.today:
                programs_journal.save_diary_entry(
                    db, pid, DiaryEntry(day, topic, form, outcome, advice)
                )
        plan_day = start + dt.timedelta(days=40)
        if plan_day <= ctx.today:
            programs_journal.record_plan_change(
                db, pid, plan_day, "Добавлен вебинар ЦНППМ по теме дефицита (предложил куратор)."
            )
        data = programs.get_program(db, pid)
        if levels and data.directions:
            worst = max(levels, key=lambda lv: lv.severity or 0)
            best = min(levels, key=lambda lv: lv.severity or 0)
            for m in data.mentees:
                for d in data.directions:
                    start_level = worst if d.focus == "deficit" else best
                    programs_journal.save_assessment(
                        db, pid, Assessment(m.id, d.direction_id, start_level.id, None)
                    )
    word = (
        "программа"
        if made == 1
        else "программы"
        if 2 <= made % 10 <= 4 and not 12 <= made % 100 <= 14
        else "программ"
    )
    return f"{made} {word} наставничества с дорожными картами"
