"""What the municipal store keeps of one school: its figures, teachers and diagnoses, read
from the school's exchange file loaded into a scratch database (every check of import-data)."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, select

import app.models
from app.core.textutil import clean_text, fold
from app.errors import KuratorError
from app.models.db import Database
from app.models.diagnostics import DiagnosticEntry, DiagnosticLevel, DiagnosticRound, Direction
from app.models.entities import MenteeProfile, MentorProfile, Person, SchoolProfile
from app.models.pairs import Pair
from app.models.programs import Program, ProgramItem
from app.services.monitoring.questionnaire_results import coded_figures
from app.services.pairs.pair_rules import NOT_COUNTED
from app.services.programs.programs_progress import ItemDates, progress
from app.services.school.reference import load_grid_defaults
from app.services.storage import exchange

SEVERE, PARTIAL, NONE = 2, 1, 0
NO_FORM = "форма не указана"


@dataclass(frozen=True)
class Requisites:
    """How the store recognises a school: the full name, and INN/OGRN where filled."""

    full_name: str
    short_name: str
    locality: str
    inn: str
    ogrn: str

    @property
    def name_key(self) -> str:
        return fold(" ".join(self.full_name.split()))


@dataclass(frozen=True)
class TeacherSnap:
    """A teacher as the office sees one: name, position, roles."""

    ref: int  # the person's id in the school's file
    last_name: str
    first_name: str
    middle_name: str
    position: str
    is_mentor: bool
    is_mentee: bool


@dataclass(frozen=True)
class DiagnosisSnap:
    """A teacher's level in a direction on a date, on the municipal scale (``grade``)."""

    teacher_ref: int
    direction: str
    direction_order: int
    date: dt.date
    grade: int | None
    mark: str
    color: str
    level_name: str
    deficit: str
    first: bool = False
    latest: bool = False


@dataclass(frozen=True)
class Figures:
    """A school's figures as the schools table shows them."""

    teachers: int
    mentors: int
    mentees: int
    pairs: int
    groups: int
    programs_running: int
    programs_completed: int
    activities_total: int  # not cancelled, in running and completed programs
    activities_done: int
    activities_overdue: int  # as of the file's date
    satisfaction: float | None  # the questionnaires' overall score, all respondents
    satisfaction_count: int


@dataclass
class Snapshot:
    """Everything the store keeps of one school's file."""

    requisites: Requisites
    file_date: dt.datetime
    minimised: bool
    app_version: str
    teachers: list[TeacherSnap]
    diagnoses: list[DiagnosisSnap]
    forms: dict[tuple[str, bool], int]
    figures: Figures | None = None


def direction_key(name: str) -> str:
    """How directions of different schools are matched: case-, ё- and space-insensitive."""
    return fold(" ".join(name.split()))


def file_date(path: Path, doc: dict[str, Any]) -> dt.datetime:
    """When the file was written (its header's ``exported_at``); ``KuratorError`` without one."""
    try:
        value = dt.datetime.fromisoformat(str(doc.get("exported_at")))
    except ValueError:
        raise KuratorError(
            f"В файле {path} нет даты выгрузки: нельзя понять, новее ли он уже загруженного. "
            "Выгрузите файл из «Куратора» заново. Данные кабинета не изменены."
        ) from None
    # the program writes local time without an offset; a stamp with one is read as local
    # time too, so the store (SQLite or a server in another time zone) compares like with like
    return value.astimezone().replace(tzinfo=None) if value.tzinfo else value


def read_snapshot(path: Path) -> Snapshot:
    """Check ``path`` as import-data does (into a scratch database) and read the snapshot.

    ``KuratorError`` in Russian for any file import-data would refuse, and for a school
    without its full name (the office could not tell it from another)."""
    path = Path(path)
    doc = exchange.read_exchange(path)
    when = file_date(path, doc)
    with tempfile.TemporaryDirectory(prefix="kurator-municipal-") as tmp:
        db = Database(Path(tmp) / "school.sqlite")
        event.listen(db.engine, "connect", _scratch_pragmas)
        try:
            with db.engine.begin() as conn:  # one transaction: one sync to disk, not fifty
                app.models.Base.metadata.create_all(conn)
            exchange.load_checked(db, path, doc)
            snap = _snapshot(db, when.date())
        finally:
            db.dispose()
    if not snap.requisites.full_name:
        raise KuratorError(
            f"В файле {path} не заполнено полное наименование школы, по нему кабинет узнаёт "
            "школу. Попросите школу заполнить «Школа → Реквизиты…» и выгрузить файл снова. "
            "Данные кабинета не изменены."
        )
    snap.file_date = when
    snap.minimised = exchange.is_minimised(doc)
    snap.app_version = str(doc.get("app_version") or "")
    return snap


def _scratch_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # The scratch copy is thrown away after reading: waiting for the disk buys nothing.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA synchronous=OFF")
    cur.execute("PRAGMA journal_mode=MEMORY")
    cur.close()


def _requisites(db: Database) -> Requisites:
    with db.session() as s:
        profile = s.get(SchoolProfile, 1)
        if profile is None:
            return Requisites("", "", "", "", "")
        return Requisites(
            full_name=" ".join(profile.full_name.split()),
            short_name=clean_text(profile.short_name),
            locality=clean_text(profile.locality),
            inn=clean_text(getattr(profile, "inn", "")),
            ogrn=clean_text(getattr(profile, "ogrn", "")),
        )


def _snapshot(db: Database, as_of: dt.date) -> Snapshot:
    teachers = _teachers(db)
    snap = Snapshot(
        requisites=_requisites(db),
        file_date=dt.datetime.combine(as_of, dt.time()),
        minimised=False,
        app_version="",
        teachers=teachers,
        diagnoses=_diagnoses(db, {t.ref for t in teachers}),
        forms=_forms(db),
    )
    snap.figures = _figures(db, teachers, snap.forms, as_of)
    return snap


def _teachers(db: Database) -> list[TeacherSnap]:
    with db.session() as s:
        mentors = set(s.scalars(select(MentorProfile.person_id)))
        mentees = set(s.scalars(select(MenteeProfile.person_id)))
        in_pairs = {p.mentor_id for p in s.scalars(select(Pair))}
        rows = s.execute(
            select(
                Person.id,
                Person.last_name,
                Person.first_name,
                Person.middle_name,
                Person.position,
                Person.archived,
            ).order_by(Person.id)
        ).all()
    return [
        TeacherSnap(
            ref=r.id,
            last_name=r.last_name,
            first_name=r.first_name,
            middle_name=r.middle_name,
            position=r.position,
            is_mentor=r.id in mentors or r.id in in_pairs,
            is_mentee=r.id in mentees,
        )
        for r in rows
        if not r.archived
    ]


def _grades(levels: list[tuple[int, int | None]]) -> dict[int, int | None]:
    """Level id → municipal grade: the school's worst level is a severe deficit, any milder
    deficit a partial one, severity 0 none, «не оценивалось» (no severity) None."""
    severities = [sev for _, sev in levels if sev is not None and sev > 0]
    top = max(severities, default=None)
    out: dict[int, int | None] = {}
    for level_id, sev in levels:
        if sev is None:
            out[level_id] = None
        elif sev <= 0:
            out[level_id] = NONE
        else:
            out[level_id] = SEVERE if sev == top else PARTIAL
    return out


def _direction_orders() -> dict[str, int]:
    """The default directions' order: the heat map's columns follow it across schools."""
    directions = load_grid_defaults().get("directions", [])
    return {direction_key(str(d["name"])): i for i, d in enumerate(directions)}


def _diagnoses(db: Database, teacher_refs: set[int]) -> list[DiagnosisSnap]:
    orders = _direction_orders()
    with db.session() as s:
        levels = s.execute(
            select(
                DiagnosticLevel.id,
                DiagnosticLevel.severity,
                DiagnosticLevel.mark,
                DiagnosticLevel.color,
                DiagnosticLevel.name,
            )
        ).all()
        rows = s.execute(
            select(
                DiagnosticRound.person_id,
                DiagnosticRound.date,
                DiagnosticRound.id,
                Direction.name,
                Direction.sort_order,
                DiagnosticEntry.level_id,
                DiagnosticEntry.deficit,
            )
            .join(DiagnosticEntry, DiagnosticEntry.round_id == DiagnosticRound.id)
            .join(Direction, Direction.id == DiagnosticEntry.direction_id)
            .order_by(DiagnosticRound.person_id, DiagnosticRound.date, DiagnosticRound.id)
        ).all()
    grades = _grades([(lv.id, lv.severity) for lv in levels])
    info = {lv.id: lv for lv in levels}
    out: list[DiagnosisSnap] = []
    by_key: dict[tuple[int, str], list[int]] = defaultdict(list)
    for r in rows:
        if r.person_id not in teacher_refs:
            continue  # an archived teacher is no longer the office's concern
        level = info.get(r.level_id) if r.level_id is not None else None
        key = direction_key(r.name)
        by_key[(r.person_id, key)].append(len(out))
        out.append(
            DiagnosisSnap(
                teacher_ref=r.person_id,
                direction=r.name,
                direction_order=orders.get(key, 100 + r.sort_order),
                date=r.date,
                grade=grades.get(r.level_id) if r.level_id is not None else None,
                mark=level.mark if level else "",
                color=level.color if level else "",
                level_name=level.name if level else "",
                deficit=r.deficit,
            )
        )
    for indexes in by_key.values():  # rows are in date order within a teacher
        first, last = indexes[0], indexes[-1]
        out[first] = _flag(out[first], first=True)
        out[last] = _flag(out[last], latest=True)
    return out


def _flag(d: DiagnosisSnap, first: bool | None = None, latest: bool | None = None) -> DiagnosisSnap:
    return DiagnosisSnap(
        **{
            **d.__dict__,
            "first": d.first if first is None else first,
            "latest": d.latest if latest is None else latest,
        }
    )


def _forms(db: Database) -> dict[tuple[str, bool], int]:
    counts: dict[tuple[str, bool], int] = defaultdict(int)
    with db.session() as s:
        for form, is_group, status in s.execute(select(Pair.form, Pair.is_group, Pair.status)):
            if status in NOT_COUNTED:
                continue
            counts[(clean_text(form) or NO_FORM, bool(is_group))] += 1
    return dict(counts)


def _figures(
    db: Database,
    teachers: list[TeacherSnap],
    forms: dict[tuple[str, bool], int],
    as_of: dt.date,
) -> Figures:
    with db.session() as s:
        statuses = {pid: status for pid, status in s.execute(select(Program.id, Program.status))}
        items = s.execute(
            select(
                ProgramItem.program_id,
                ProgramItem.mark,
                ProgramItem.start_date,
                ProgramItem.end_date,
                ProgramItem.mark_date,
            )
        ).all()
    counted = [
        ItemDates(i.mark, i.start_date, i.end_date, i.mark_date)
        for i in items
        if statuses.get(i.program_id) in ("active", "completed")
    ]
    done = progress(counted, as_of)
    coded = coded_figures(db)
    scores = list(coded.satisfaction.values())
    answered = sum(n for _, n in scores)
    mean = sum(m * n for m, n in scores) / answered if answered else None
    return Figures(
        teachers=len(teachers),
        mentors=sum(t.is_mentor for t in teachers),
        mentees=sum(t.is_mentee for t in teachers),
        pairs=sum(n for (_, group), n in forms.items() if not group),
        groups=sum(n for (_, group), n in forms.items() if group),
        programs_running=sum(1 for st in statuses.values() if st == "active"),
        programs_completed=sum(1 for st in statuses.values() if st == "completed"),
        activities_total=done.total - done.cancelled,
        activities_done=done.done,
        activities_overdue=done.overdue,
        satisfaction=mean,
        satisfaction_count=answered,
    )
