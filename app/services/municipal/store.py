"""The municipal store: opening it (SQLite file or a server URL), adding schools' files,
listing the schools. One transaction per added file; the store's schema is versioned."""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, delete, func, insert, inspect, or_, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from app.core.textutil import format_date
from app.errors import BUSY, DatabaseBusyError, KuratorError, user_message
from app.models.db import Database, is_busy
from app.models.municipal import (
    STORE_SCHEMA_VERSION,
    MunicipalBase,
    StoredDeficits,
    StoredDiagnosis,
    StoredForm,
    StoredSchool,
    StoredTeacher,
    StoreSchema,
)
from app.models.textsql import folded
from app.services.municipal.snapshot import (
    PARTIAL,
    SEVERE,
    Snapshot,
    direction_key,
    read_snapshot,
)

log = logging.getLogger(__name__)

STORE_FILE = "municipal.sqlite"
UNCHANGED = "Данные кабинета не изменены."


class RenamedSchool(KuratorError):
    """The file's school has the INN/OGRN of a stored school under another name: the
    methodist confirms it is the same school (renamed between half-years) before merging."""

    def __init__(self, path: Path, old_name: str, new_name: str) -> None:
        self.path, self.old_name, self.new_name = path, old_name, new_name
        super().__init__(
            f"Файл {path}: школа с теми же ИНН/ОГРН уже есть в кабинете под другим названием "
            f"(«{old_name}», в файле — «{new_name}»). Если школу переименовали, добавьте файл "
            f"с параметром --merge-renamed: её данные заменятся, название станет новым. "
            + UNCHANGED
        )


class MunicipalStore:
    """The store's database, where it is (as messages name it); pass it to the municipal
    services. Sessions are the school database's (``Database.session``): committed when
    the block ends, rolled back on any exception; a busy file is «занято», a failure of the
    server or the connection one Russian line (``is_server``)."""

    def __init__(self, db: Database, where: str) -> None:
        self.db = db
        self.where = where  # the folder or server, as messages name it

    @property
    def engine(self) -> Engine:
        return self.db.engine

    @property
    def is_server(self) -> bool:
        return self.db.is_server

    def session(self) -> AbstractContextManager[Session]:
        """A transaction: committed when the block ends, rolled back on any exception."""
        return self.db.session()

    def dispose(self) -> None:
        self.db.dispose()


def open_store(data_dir: Path) -> MunicipalStore:
    """The store in the data folder ``data_dir`` (``municipal.sqlite``), created when absent."""
    data_dir = Path(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KuratorError(f"Не удаётся создать папку {data_dir}.") from exc
    store = MunicipalStore(Database(data_dir / STORE_FILE), str(data_dir))
    _ensure_schema(store)
    return store


def open_store_url(url: str) -> MunicipalStore:
    """The store in the PostgreSQL database at ``url`` (``postgresql+psycopg://user@host/db``),
    its tables created there when absent. A wrong, unreachable or forbidden server is one
    Russian line (``KuratorError``), nothing created."""
    db = Database.server(url)  # refuses a URL that is not PostgreSQL's, before connecting
    store = MunicipalStore(db, db.describe())
    _ensure_schema(store)
    return store


def open_store_at(database: str | None, data_dir: Path) -> MunicipalStore:
    """The store on the server ``database`` when one is named, else in the folder ``data_dir``."""
    return open_store_url(database) if database is not None else open_store(data_dir)


def _ensure_schema(store: MunicipalStore) -> None:
    """Create the store's tables in a new database (one transaction, on either engine);
    refuse a store made by a newer program."""
    try:
        with store.engine.begin() as conn:
            if inspect(conn).has_table(StoreSchema.__tablename__):
                version = conn.scalar(select(func.max(StoreSchema.version)))
                if version is not None and version > STORE_SCHEMA_VERSION:
                    raise KuratorError(
                        f"Хранилище кабинета ({store.where}) создано более новой версией "
                        "«Куратора». Установите новую версию программы."
                    )
            # Upgrades of later store versions go here, one step per version, before
            # create_all adds tables new in this version.
            MunicipalBase.metadata.create_all(conn)
            if conn.scalar(select(func.count()).select_from(StoreSchema)) == 0:
                conn.execute(insert(StoreSchema).values(version=STORE_SCHEMA_VERSION))
    except SQLAlchemyError as exc:
        store.dispose()
        if isinstance(exc, DBAPIError) and is_busy(exc.orig):
            # another program holds the file past the bounded wait: busy, not damaged
            raise DatabaseBusyError(BUSY) from exc
        if store.is_server and isinstance(exc, DBAPIError):
            raise KuratorError(
                f"Хранилище кабинета ({store.where}) не открыто. {user_message(exc)}"
            ) from exc
        raise KuratorError(
            f"Не удаётся открыть хранилище кабинета ({store.where}): это не база «Куратора», "
            "она повреждена или недоступна."
        ) from exc
    except BaseException:
        store.dispose()
        raise


# --- adding files ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Added:
    """The outcome of one added file, with the Russian line the methodist reads."""

    school: str
    replaced: bool
    message: str


def _stamp(value: dt.datetime) -> str:
    return value.strftime("%d.%m.%Y %H:%M:%S")


def _match(s: Session, snap: Snapshot) -> tuple[StoredSchool | None, bool]:
    """The stored school of ``snap`` and whether it was found by INN/OGRN under another name."""
    req = snap.requisites
    keys = [c == v for c, v in ((StoredSchool.inn, req.inn), (StoredSchool.ogrn, req.ogrn)) if v]
    if keys:
        by_number = s.scalars(select(StoredSchool).where(or_(*keys))).first()
        if by_number is not None:
            return by_number, by_number.name_key != req.name_key
    by_name = s.scalars(select(StoredSchool).where(StoredSchool.name_key == req.name_key)).all()
    for school in by_name:
        numbers_differ = (req.inn and school.inn and req.inn != school.inn) or (
            req.ogrn and school.ogrn and req.ogrn != school.ogrn
        )
        if not numbers_differ:
            return school, False
    if by_name:
        raise KuratorError(
            f"В кабинете уже есть школа «{req.full_name}» с другими ИНН/ОГРН. Проверьте "
            "реквизиты в файле: две разные школы не могут называться одинаково. " + UNCHANGED
        )
    return None, False


def add_file(store: MunicipalStore, path: Path, merge_renamed: bool = False) -> Added:
    """Add the school of the exchange file ``path`` (full or minimised) to the store, or
    replace its older snapshot; one transaction.

    ``KuratorError`` in Russian (nothing changed) for a file import-data would refuse, for a
    file not newer than the stored one, and ``RenamedSchool`` for a school found by INN/OGRN
    under another name unless ``merge_renamed``."""
    path = Path(path)
    snap = read_snapshot(path)
    req = snap.requisites
    with store.session() as s:
        school, renamed = _match(s, snap)
        if school is not None:
            if snap.file_date < school.file_date:
                raise KuratorError(
                    f"Файл {path} старше уже загруженного: в кабинете данные школы "
                    f"«{school.full_name}» от {_stamp(school.file_date)}, в файле — от "
                    f"{_stamp(snap.file_date)}. " + UNCHANGED
                )
            if snap.file_date == school.file_date:
                raise KuratorError(
                    f"Файл {path} от {_stamp(snap.file_date)} уже загружен для школы "
                    f"«{school.full_name}»: в нём нет ничего нового. " + UNCHANGED
                )
            if renamed and not merge_renamed:
                raise RenamedSchool(path, school.full_name, req.full_name)
            old_name = school.full_name
            s.execute(delete(StoredDiagnosis).where(StoredDiagnosis.school_id == school.id))
            s.execute(delete(StoredTeacher).where(StoredTeacher.school_id == school.id))
            s.execute(delete(StoredForm).where(StoredForm.school_id == school.id))
            s.execute(delete(StoredDeficits).where(StoredDeficits.school_id == school.id))
        else:
            old_name = ""
            school = StoredSchool()
            s.add(school)
        _fill_school(school, snap, path)
        s.flush()
        _insert_rows(s, school.id, snap)
        name = school.full_name
    log.info("municipal store: a school's file added")
    counts = (
        f"педагогов — {len(snap.teachers)}, диагностик — "
        f"{len({(d.teacher_ref, d.date) for d in snap.diagnoses})}"
    )
    if old_name:
        renamed_note = f" (прежнее название — «{old_name}»)" if old_name != name else ""
        message = (
            f"Обновлено: «{name}»{renamed_note}, данные от {_stamp(snap.file_date)} ({counts})."
        )
    else:
        message = f"Добавлено: «{name}», данные от {_stamp(snap.file_date)} ({counts})."
    if snap.minimised:
        message += " Файл сокращённый (для методического кабинета)."
    return Added(name, bool(old_name), message)


@dataclass(frozen=True)
class FileOutcome:
    """One file of a batch: added (``message``), refused (``message`` is the reason), or a
    renamed school waiting for the methodist's yes (``renamed``)."""

    path: Path
    ok: bool
    message: str
    renamed: RenamedSchool | None = None


def add_files(
    store: MunicipalStore, paths: list[Path], merge_renamed: bool = False
) -> list[FileOutcome]:
    """Add each file in turn (each its own transaction); a refused file never stops the rest."""
    out = []
    for path in paths:
        try:
            out.append(FileOutcome(path, True, add_file(store, path, merge_renamed).message))
        except RenamedSchool as exc:
            out.append(FileOutcome(path, False, str(exc), exc))
        except KuratorError as exc:
            out.append(FileOutcome(path, False, str(exc)))
    return out


def _fill_school(school: StoredSchool, snap: Snapshot, path: Path) -> None:
    req = snap.requisites
    school.full_name = req.full_name
    school.name_key = req.name_key
    school.short_name = req.short_name
    school.locality = req.locality
    school.inn = req.inn
    school.ogrn = req.ogrn
    school.file_date = snap.file_date
    school.added_at = dt.datetime.now().replace(microsecond=0)
    school.file_name = path.name
    school.minimised = snap.minimised
    school.app_version = snap.app_version
    assert snap.figures is not None  # read_snapshot fills them
    for key, value in asdict(snap.figures).items():
        setattr(school, key, value)


def _insert_rows(s: Session, school_id: int, snap: Snapshot) -> None:
    for (form, is_group), count in snap.forms.items():
        s.add(StoredForm(school_id=school_id, form=form, is_group=is_group, count=count))
    ids: dict[int, int] = {}
    if snap.teachers:
        returned = s.execute(
            insert(StoredTeacher).returning(StoredTeacher.id, sort_by_parameter_order=True),
            [
                {
                    "school_id": school_id,
                    "last_name": t.last_name,
                    "first_name": t.first_name,
                    "middle_name": t.middle_name,
                    "position": t.position,
                    "is_mentor": t.is_mentor,
                    "is_mentee": t.is_mentee,
                }
                for t in snap.teachers
            ],
        ).scalars()
        ids = dict(zip((t.ref for t in snap.teachers), returned, strict=True))
    rows = [
        {
            "school_id": school_id,
            "teacher_id": ids[d.teacher_ref],
            "direction": d.direction,
            "direction_key": direction_key(d.direction),
            "direction_order": d.direction_order,
            "date": d.date,
            "grade": d.grade,
            "mark": d.mark,
            "color": d.color,
            "level_name": d.level_name,
            "deficit": d.deficit,
            "first": d.first,
            "latest": d.latest,
        }
        for d in snap.diagnoses
    ]
    if rows:
        # Core's executemany on the table, not the ORM's bulk insert: the ORM leaves out NULLs
        # (a level not assessed) and so splits the rows into hundreds of statements — on a
        # server each one a round trip
        s.execute(insert(_table(StoredDiagnosis)), rows)
    counts = _direction_counts(school_id, snap)
    if counts:
        s.execute(insert(_table(StoredDeficits)), counts)


def _table(model: type[MunicipalBase]) -> Table:
    """The Core table of a store's model (for a plain executemany)."""
    return MunicipalBase.metadata.tables[model.__tablename__]


def _direction_counts(school_id: int, snap: Snapshot) -> list[dict[str, Any]]:
    """Rows of ``municipal_deficits``: per direction, the latest levels' counts and the
    first-against-latest counts of the teachers diagnosed at least twice."""
    counts: dict[str, dict[str, Any]] = {}
    firsts = {(d.teacher_ref, direction_key(d.direction)): d for d in snap.diagnoses if d.first}
    for d in snap.diagnoses:
        if not d.latest or d.grade is None:
            continue
        key = direction_key(d.direction)
        c = counts.setdefault(
            key,
            {
                "school_id": school_id,
                "direction_key": key,
                "direction": d.direction,
                "direction_order": d.direction_order,
                **dict.fromkeys(_COUNTS, 0),
            },
        )
        c["assessed"] += 1
        c["severe"] += d.grade == SEVERE
        c["partial"] += d.grade == PARTIAL
        first = firsts[(d.teacher_ref, key)]
        if first.date < d.date and first.grade is not None:
            c["changed"] += 1
            c["before_severe"] += first.grade == SEVERE
            c["before_partial"] += first.grade == PARTIAL
            c["after_severe"] += d.grade == SEVERE
            c["after_partial"] += d.grade == PARTIAL
    return list(counts.values())


_COUNTS = (
    "assessed",
    "severe",
    "partial",
    "changed",
    "before_severe",
    "before_partial",
    "after_severe",
    "after_partial",
)


# --- listing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolFigures:
    """One row of the schools table: requisites, the file's date and the figures."""

    id: int
    full_name: str
    short_name: str
    inn: str
    ogrn: str
    file_date: dt.datetime
    minimised: bool
    teachers: int
    mentors: int
    mentees: int
    pairs: int
    groups: int
    forms: dict[tuple[str, bool], int]
    programs_running: int
    programs_completed: int
    activities_total: int
    activities_done: int
    activities_overdue: int
    satisfaction: float | None
    satisfaction_count: int

    @property
    def label(self) -> str:
        """The short name where the school gave one, else the full name."""
        return self.short_name or self.full_name

    @property
    def forms_text(self) -> str:
        """One line per form: «учитель – учитель — 8», «… — 1 (группы)»."""
        parts = [
            f"{form} — {n}" + (" (группы)" if group else "")
            for (form, group), n in sorted(self.forms.items())
        ]
        return "\n".join(parts) or "—"


def list_schools(store: MunicipalStore) -> list[SchoolFigures]:
    """Every stored school with its figures, by name."""
    with store.session() as s:
        forms: dict[int, dict[tuple[str, bool], int]] = {}
        for f in s.scalars(select(StoredForm)):
            forms.setdefault(f.school_id, {})[(f.form, f.is_group)] = f.count
        schools = s.scalars(
            select(StoredSchool).order_by(folded(StoredSchool.full_name), StoredSchool.id)
        ).all()
        return [
            SchoolFigures(
                id=x.id,
                full_name=x.full_name,
                short_name=x.short_name,
                inn=x.inn,
                ogrn=x.ogrn,
                file_date=x.file_date,
                minimised=x.minimised,
                teachers=x.teachers,
                mentors=x.mentors,
                mentees=x.mentees,
                pairs=x.pairs,
                groups=x.groups,
                forms=forms.get(x.id, {}),
                programs_running=x.programs_running,
                programs_completed=x.programs_completed,
                activities_total=x.activities_total,
                activities_done=x.activities_done,
                activities_overdue=x.activities_overdue,
                satisfaction=x.satisfaction,
                satisfaction_count=x.satisfaction_count,
            )
            for x in schools
        ]


def list_lines(store: MunicipalStore) -> list[str]:
    """The schools as lines for the command line."""
    schools = list_schools(store)
    if not schools:
        return ["В кабинете пока нет ни одной школы. Добавьте файлы: municipal add ФАЙЛ…"]
    lines = [f"Школ в кабинете: {len(schools)}."]
    for x in schools:
        mean = "—" if x.satisfaction is None else f"{x.satisfaction:.1f}".replace(".", ",")
        lines.append(
            f"{x.full_name} — файл от {format_date(x.file_date.date())} "
            f"{x.file_date:%H:%M}: педагогов {x.teachers}, наставников {x.mentors}, "
            f"наставляемых {x.mentees}, пар {x.pairs}, групп {x.groups}, программ "
            f"выполняется {x.programs_running}, завершено {x.programs_completed}, "
            f"просрочено мероприятий {x.activities_overdue}, удовлетворённость {mean}"
        )
    return lines
