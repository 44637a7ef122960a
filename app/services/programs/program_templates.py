"""Program templates: save a program as one, create a new program from one (dates shifted to
the new start). Starter templates ship in ``resources/templates/programs/*.json``; the
curator's own are stored in ``program_templates``.

A template names directions by their text (not by id), so it survives another school's
list; rows keep their dates as day offsets from the program's start."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.textutil import clean_multiline, clean_text, fold, format_date
from app.errors import KuratorError, ValidationError
from app.models import Direction, Pair, ProgramTemplate
from app.models.db import Database
from app.paths import resource_path
from app.services.programs import programs, programs_items, programs_journal
from app.services.programs.program_draft import DraftSummary, late_start_note, plan_from
from app.services.programs.programs import ItemData

NOTE_KEYS = (
    "problem",
    "goal",
    "tasks",
    "intermediate_results",
    "planned_results",
    "schedule",
    "mode",
    "conditions",
    "desired_image",
    "form",
    "kind",
)
ITEM_TEXT = (
    "activity_kind",
    "event_form",
    "place",
    "expected_result",
    "participation",
    "reporting",
    "co_executors",
    "significance",
)
STARTER_PREFIX = "file:"
SAVED_PREFIX = "db:"


@dataclass(frozen=True)
class TemplateInfo:
    """A template in the list: ``key`` is «file:<name>» (starter) or «db:<id>» (saved)."""

    key: str
    name: str
    description: str
    rows: int
    starter: bool


def _starter_dir() -> Path:
    return resource_path("templates", "programs")


def _starters() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    folder = _starter_dir()
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            out[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return out


def list_templates(db: Database) -> list[TemplateInfo]:
    """Starter templates first, then the curator's own by name."""
    out = [
        TemplateInfo(
            STARTER_PREFIX + stem,
            str(c["name"]),
            str(c.get("description", "")),
            len(c.get("items", [])),
            True,
        )
        for stem, c in _starters().items()
    ]
    with db.session() as s:
        for t in s.scalars(select(ProgramTemplate).order_by(ProgramTemplate.name)):
            out.append(
                TemplateInfo(
                    f"{SAVED_PREFIX}{t.id}",
                    t.name,
                    t.description,
                    len(t.content.get("items", [])),
                    False,
                )
            )
    return out


def template_content(db: Database, key: str) -> dict[str, Any]:
    """The content of a template by key; ``KuratorError`` when it is gone."""
    if key.startswith(STARTER_PREFIX):
        found = _starters().get(key.removeprefix(STARTER_PREFIX))
        if found is None:
            raise KuratorError("Такого шаблона нет среди стартовых.")
        return found
    with db.session() as s:
        t = s.get(ProgramTemplate, int(key.removeprefix(SAVED_PREFIX)))
        if t is None:
            raise KuratorError("Этот шаблон уже удалён.")
        return dict(t.content)


def _offset(value: dt.date | None, start: dt.date) -> int | None:
    return None if value is None else (value - start).days


def save_as_template(db: Database, program_id: int, name: str, description: str = "") -> int:
    """Store the program's note, directions and roadmap as a template; returns its id.

    Marks, evaluations and dates of done events are not kept: a template is a plan.
    Rows of mentees' modules are kept once each (as module rows) without the person."""
    name = clean_text(name)
    if not name:
        raise ValidationError({"name": "Дайте шаблону название."})
    data = programs.get_program(db, program_id)
    start = data.note.start_date
    seen_module: set[tuple[object, ...]] = set()
    items: list[dict[str, Any]] = []
    for it in data.items:
        key = (it.direction_id, it.activity_kind, it.event_form, it.start_date, it.end_date)
        if it.mentee_id is not None:
            if key in seen_module:
                continue
            seen_module.add(key)
        items.append(
            {
                "direction": next(
                    d.name for d in data.directions if d.direction_id == it.direction_id
                )
                if any(d.direction_id == it.direction_id for d in data.directions)
                else _direction_name(db, it.direction_id),
                "module": it.mentee_id is not None,
                "start_offset": _offset(it.start_date, start),
                "end_offset": _offset(it.end_date, start),
                **{k: getattr(it, k) for k in ITEM_TEXT},
            }
        )
    content = {
        "name": name,
        "description": clean_multiline(description),
        "duration_days": (data.note.end_date - start).days,
        "note": {k: getattr(data.note, k) for k in NOTE_KEYS},
        "directions": [
            {"direction": d.name, "focus": d.focus, "priority": d.priority, "deficit": d.deficit}
            for d in data.directions
        ],
        "items": items,
    }
    with db.session() as s:
        t = ProgramTemplate(name=name, description=content["description"], content=content)
        s.add(t)
        s.flush()
        return t.id


def _direction_name(db: Database, direction_id: int | None) -> str:
    with db.session() as s:
        d = s.get(Direction, direction_id) if direction_id is not None else None
        return d.name if d else ""


def delete_template(db: Database, key: str) -> None:
    """Delete a saved template (starter templates cannot be deleted)."""
    if not key.startswith(SAVED_PREFIX):
        raise KuratorError("Стартовые шаблоны входят в программу и не удаляются.")
    with db.session() as s:
        t = s.get(ProgramTemplate, int(key.removeprefix(SAVED_PREFIX)))
        if t is not None:
            s.delete(t)


def _fold(text: str) -> str:
    return fold(text.strip())


def _direction_ids(s: Session) -> dict[str, int]:
    out: dict[str, int] = {}
    for d in s.scalars(select(Direction).order_by(Direction.hidden, Direction.sort_order)):
        for label in (d.short_name, d.name):
            if label:
                out.setdefault(_fold(label), d.id)
    return out


def _shift(start: dt.date, days: object, scale: float = 1.0) -> dt.date | None:
    return start + dt.timedelta(days=round(int(days) * scale)) if isinstance(days, int) else None


def _fit_scale(rows: list[dict[str, object]], start: dt.date, end: dt.date) -> float:
    """How much to compress the template's day offsets so every row ends by ``end`` (1.0
    when the plan already fits): a 9-month plan put into a 6-month pair keeps its order and
    proportions instead of spilling past the program's end."""
    last = max(
        (
            int(v)
            for r in rows
            for k in ("start_offset", "end_offset")
            if isinstance(v := r.get(k), int)
        ),
        default=0,
    )
    room = (end - start).days
    return min(1.0, room / last) if last > 0 and room > 0 else 1.0


@dataclass(frozen=True)
class Instantiated:
    program_id: int
    skipped: list[str]
    summary: DraftSummary = field(default_factory=DraftSummary)

    @property
    def remark(self) -> str:
        """A Russian note about rows left out (directions this school does not have)."""
        if not self.skipped:
            return ""
        return (
            "Не перенесены строки направлений, которых нет в справочнике: "
            + ", ".join(sorted(set(self.skipped)))
            + "."
        )


def _term_note(
    drafted: str,
    duration: int,
    scale: float,
    start: dt.date,
    end: dt.date,
    chosen_end: dt.date | None,
) -> str:
    """The summary's line on the term when a template is applied: kept (the template's own
    length never shortens it) or the template's rows compressed to fit it."""
    span = f"{format_date(start)} – {format_date(end)}"
    if scale < 1.0:
        return (
            f"Шаблон рассчитан на {duration} дн., а срок программы короче: его строки "
            f"сжаты, чтобы уложиться в срок {span}."
        )
    if chosen_end is None and duration < (end - start).days:
        return (
            f"Шаблон рассчитан на {duration} дн., но срок программы не сокращён: "
            f"{span} (по сроку пары)."
        )
    return drafted


def create_from_template(
    db: Database,
    pair_id: int,
    key: str,
    start: dt.date,
    end: dt.date | None = None,
    today: dt.date | None = None,
    fill: bool = True,
) -> Instantiated:
    """A new program for ``pair_id``: drafted from the mentees' diagnosis (with ``fill``,
    see ``programs.draft_program_in``), then the template applied on top: the note filled
    in, the template's rows added with their dates moved to the new ``start`` (the
    template's offsets kept, compressed when the plan is longer than the program). Module
    rows go to each mentee of a group (for a pair they are ordinary rows).

    ``end`` defaults to the pair's end: a template never shortens the term. A direction the
    template brings that the diagnosis does not name is added and listed in the summary
    (``summary.template_added``), never silently.

    All of it is one transaction: on any error nothing is saved, so trying again does not
    leave a second, half-filled program."""
    content = template_content(db, key)
    duration = int(content.get("duration_days") or 270)
    chosen_end = end
    with db.session() as s:
        pair = s.get(Pair, pair_id)
        if pair is None:
            raise KuratorError("Пара или группа не найдена: возможно, её уже удалили.")
        if end is None:
            # the pair's whole term; a start past it is refused by its own words
            end = pair.end_date if start < pair.end_date else start + dt.timedelta(days=duration)
        mentees = sorted(m.person_id for m in pair.mentees) if pair.is_group else []
        drafted = programs.draft_program_in(
            s,
            db,
            pair_id,
            start=start,
            end=end,
            title=str(content.get("title", "")),
            today=today,
            fill=fill,
        )
        pid, summary = drafted.program_id, drafted.summary
        summary.template = str(content.get("name", ""))
        for name, value in dict(content.get("note", {})).items():
            if name in NOTE_KEYS and value:
                programs.update_note_in(s, pid, name, value)
        ids = _direction_ids(s)
        names = {d.id: d.name for d in s.scalars(select(Direction))}
        # The mentee's own diagnosis (taken in by draft_program_in) decides the deficits and
        # their priority; the template only adds the directions the diagnosis does not name.
        from_grid = {d.direction_id for d in programs.program_directions_in(s, pid)}
        added: list[int] = []
        for d in content.get("directions", []):
            did = ids.get(_fold(str(d.get("direction", ""))))
            if did is not None and did not in from_grid:
                programs_journal.add_direction_in(
                    s, pid, did, str(d.get("focus", "deficit")), str(d.get("deficit", ""))
                )
                added.append(did)
                if d.get("priority") and not from_grid:
                    programs_journal.update_direction_in(s, pid, did, priority=True)
        skipped: list[str] = []
        # The template's rows, like the drafted ones, are planned from today when the
        # program starts in the past (its offsets kept, compressed into what is left).
        plan_start = plan_from(start, end, today or dt.date.today())
        scale = _fit_scale(list(content.get("items", [])), plan_start, end)
        note = late_start_note(start, plan_start)
        if plan_start != start and content.get("items") and note not in summary.notes:
            summary.notes.append(note)
        summary.term = _term_note(summary.term, duration, scale, start, end, chosen_end)
        for row in content.get("items", []):
            label = str(row.get("direction", ""))
            did = ids.get(_fold(label))
            if did is None:
                skipped.append(f"«{label}»")
                continue
            if did not in from_grid and did not in added:
                added.append(did)
            programs_journal.add_direction_in(s, pid, did)
            base = ItemData(
                direction_id=did,
                start_date=_shift(plan_start, row.get("start_offset"), scale),
                end_date=_shift(plan_start, row.get("end_offset"), scale),
            )
            for k in ITEM_TEXT:
                setattr(base, k, str(row.get(k, "")))
            targets: list[int | None] = list(mentees) if row.get("module") and mentees else [None]
            for mentee in targets:
                base.mentee_id = mentee
                programs_items.add_item_in(s, pid, base)
                summary.template_rows += 1
        if from_grid:  # with no diagnosis at all the template is the whole plan, as asked
            summary.template_added.extend(names.get(did, "?") for did in added)
        elif added:
            summary.notes.append(
                "У наставляемых нет диагностики: направления взяты из "
                "шаблона. Проведите диагностику, чтобы программа опиралась "
                "на их дефициты."
            )
        return Instantiated(pid, skipped, summary)
