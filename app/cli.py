"""Command line: the window by default, plus demo/import/export/backup/restore/check commands.

Every failure is one Russian line on stderr and a non-zero exit code, never a traceback."""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import __version__
from app.errors import KuratorError, user_message
from app.logsetup import setup_logging
from app.paths import DataPaths, private_umask, resolve_data_dir

if TYPE_CHECKING:
    from app.services.storage.workspace import Workspace

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


class RussianHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        return super().add_usage(
            usage, actions, groups, prefix if prefix is not None else "Использование: "
        )


class Parser(argparse.ArgumentParser):
    """argparse with Russian wording and a one-line error instead of the usage dump."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", RussianHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "аргументы"
        self._optionals.title = "параметры"
        self.add_argument("-h", "--help", action="help", help="показать эту справку и выйти")

    def error(self, message: str) -> None:  # type: ignore[override]
        translated = (
            message.replace("the following arguments are required", "не хватает аргументов")
            .replace("unrecognized arguments", "непонятные аргументы")
            .replace("invalid choice", "неизвестное значение")
            .replace("expected one argument", "нужно значение")
            .replace("invalid int value: ", "нужно целое число, а не ")
            .replace("argument", "аргумент")
        )
        print(f"Ошибка: {translated}. Справка: python -m app --help", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _data_dir_arg(p: argparse.ArgumentParser, top: bool = False) -> None:
    # Sub-commands must not reset a --data-dir given before the command name.
    p.add_argument(
        "--data-dir",
        metavar="ПАПКА",
        default=None if top else argparse.SUPPRESS,
        help="папка данных (по умолчанию — KURATOR_DATA_DIR или папка пользователя)",
    )
    p.add_argument(
        "--database",
        metavar="АДРЕС",
        default=None if top else argparse.SUPPRESS,
        help="база на сервере PostgreSQL вместо папки данных, например "
        "postgresql+psycopg://пользователь@сервер/база (или KURATOR_DATABASE)",
    )


def _wants_help(argv: Sequence[str] | None) -> bool:
    args = sys.argv[1:] if argv is None else list(argv)
    return "-h" in args or "--help" in args


def build_parser(argv: Sequence[str] | None = None) -> Parser:
    parser = Parser(
        prog="kurator",
        description="«Куратор» — рабочее место куратора внедрения целевой модели "
        "наставничества педагогов.\n"
        "Без команды открывает окно программы.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"Куратор {__version__}",
        help="показать версию и выйти",
    )
    _data_dir_arg(parser, top=True)
    sub = parser.add_subparsers(
        dest="command", title="команды", metavar="КОМАНДА", parser_class=Parser
    )

    p = sub.add_parser("demo", help="заполнить папку данных вымышленной школой для знакомства")
    _data_dir_arg(p)

    p = sub.add_parser("import-staff", help="загрузить список сотрудников из Excel (.xlsx)")
    p.add_argument("file", metavar="ФАЙЛ.xlsx")
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="только показать отчёт по строкам, ничего не записывать",
    )
    _data_dir_arg(p)

    p = sub.add_parser("export", help="выгрузить документ или таблицу")
    # The list of kinds is read only when asked for: importing the exporters (openpyxl)
    # on every start would slow the window down.
    p.add_argument(
        "kind",
        metavar="ВИД",
        help="что выгрузить: " + ", ".join(_export_kinds())
        if _wants_help(argv)
        else "что выгрузить (список — в справке: export --help)",
    )
    p.add_argument(
        "--out", required=True, metavar="ФАЙЛ", help="куда записать (формат по расширению)"
    )
    p.add_argument(
        "--id",
        type=int,
        metavar="N",
        help="номер записи приказа (для order) или программы (для program)",
    )
    p.add_argument(
        "--teacher",
        type=int,
        metavar="N",
        help="номер записи педагога (для grid — карта одного педагога; для consent — "
        "согласие одного участника, без него — всех, кто не в архиве)",
    )
    p.add_argument(
        "--round",
        metavar="ДАТА",
        help="дата диагностики ДД.ММ.ГГГГ (для grid: состояние на эту дату)",
    )
    p.add_argument(
        "--from",
        dest="date_from",
        metavar="ДАТА",
        help="начало периода ДД.ММ.ГГГГ (для report; для month-plan — любой день нужного месяца)",
    )
    p.add_argument(
        "--to", dest="date_to", metavar="ДАТА", help="конец периода ДД.ММ.ГГГГ (для report)"
    )
    p.add_argument(
        "--split",
        action="store_true",
        help="только для order: приказ, приложения и лист ознакомления отдельными "
        "файлами в папку --out",
    )
    _data_dir_arg(p)

    p = sub.add_parser("backup", help="сделать резервную копию базы")
    p.add_argument("--to", metavar="ПАПКА", help="папка для копии (например, флешка)")
    _data_dir_arg(p)

    p = sub.add_parser("restore", help="восстановить базу из резервной копии")
    p.add_argument("file", metavar="ФАЙЛ")
    _data_dir_arg(p)

    p = sub.add_parser("check", help="проверить версию и целостность базы")
    _data_dir_arg(p)

    p = sub.add_parser("export-data", help="выгрузить всю школу в файл обмена (.json)")
    p.add_argument("--out", required=True, metavar="ФАЙЛ")
    p.add_argument(
        "--for-municipality",
        action="store_true",
        help="файл для методического кабинета: без телефонов, почты, дат рождения, "
        "адресов и заметок",
    )
    _data_dir_arg(p)

    p = sub.add_parser("import-data", help="загрузить школу из файла обмена (заменяет данные)")
    p.add_argument("file", metavar="ФАЙЛ")
    _data_dir_arg(p)

    _municipal_parser(sub)
    return parser


def _municipal_parser(sub: Any) -> None:
    """``municipal``: the methodical office's store of schools (without an action — its window)."""
    p = sub.add_parser(
        "municipal",
        help="методический кабинет: сводные данные школ (без действия — открыть окно)",
    )
    _store_args(p)
    actions = p.add_subparsers(
        dest="municipal_command", title="действия", metavar="ДЕЙСТВИЕ", parser_class=Parser
    )
    a = actions.add_parser("add", help="добавить или обновить школы из их файлов обмена")
    a.add_argument("files", nargs="+", metavar="ФАЙЛ")
    a.add_argument(
        "--merge-renamed",
        action="store_true",
        help="школа с теми же ИНН/ОГРН под новым названием — та же школа, переименованная",
    )
    _store_args(a)
    a = actions.add_parser("list", help="школы кабинета, даты их файлов и показатели")
    _store_args(a)
    a = actions.add_parser("export", help="выгрузить сводную справку или тепловую карту")
    a.add_argument(
        "what", choices=["summary", "heatmap"], metavar="ЧТО", help="summary или heatmap"
    )
    a.add_argument("--out", required=True, metavar="ФАЙЛ")
    a.add_argument("--from", dest="date_from", metavar="ДАТА", help="начало периода ДД.ММ.ГГГГ")
    a.add_argument("--to", dest="date_to", metavar="ДАТА", help="конец периода ДД.ММ.ГГГГ")
    _store_args(a)


def _store_args(p: argparse.ArgumentParser) -> None:
    # the same --data-dir/--database as every command: --database (or KURATOR_DATABASE)
    # names the server database that holds the store, instead of the data folder's file
    _data_dir_arg(p)


def _export_kinds() -> list[str]:
    # deferred: a command loads only what it uses (start-up speed)
    from app.services.documents.exports import KINDS

    return sorted(KINDS)


def _paths(args: argparse.Namespace) -> DataPaths:
    return DataPaths(resolve_data_dir(args.data_dir))


def _database(args: argparse.Namespace) -> str | None:
    """The server database named by --database or KURATOR_DATABASE (None: the data folder)."""
    # deferred: a command loads only what it uses (start-up speed)
    from app.services.storage.workspace import resolve_database

    return resolve_database(getattr(args, "database", None))


def _open(args: argparse.Namespace, start_backup: bool = True) -> Workspace:
    """The data of a command: the server database when one is named, else the data folder."""
    # deferred: a command loads only what it uses (start-up speed)
    from app.services.storage.workspace import open_data

    return open_data(_database(args), _paths(args).root, start_backup=start_backup)


def _refuse_on_server(args: argparse.Namespace) -> None:
    """File-level commands (backup, restore, check of the file) do not apply to a server."""
    if _database(args) is not None:
        # deferred: a command loads only what it uses (start-up speed)
        from app.models.db import ON_SERVER

        raise KuratorError(ON_SERVER)


def _existing_paths(args: argparse.Namespace) -> DataPaths:
    """The data folder of a command that reads data: it must already hold a database (a
    server database is checked when it is opened)."""
    paths = _paths(args)
    if _database(args) is None and not paths.db.exists():
        raise KuratorError(f"В папке {paths.root} нет базы данных «Куратора».")
    return paths


def _cmd_demo(args: argparse.Namespace) -> int:
    # deferred: a command loads only what it uses (start-up speed)
    from app.services.demo.demo import create_demo

    with _open(args) as ws:
        summary = create_demo(ws.db)
    print(summary)
    return EXIT_OK


def _cmd_import_staff(args: argparse.Namespace) -> int:
    # deferred: a command loads only what it uses (start-up speed)
    from app.services.people import staff_import
    from app.services.storage.workspace import open_workspace

    source = Path(args.file)
    if not source.is_file():
        raise KuratorError(f"Файл не найден: {source}")
    paths = _paths(args)
    if args.dry_run and _database(args) is None and not paths.db.exists():
        # A trial run must not create a data folder: compare against an empty base instead.
        with (
            tempfile.TemporaryDirectory() as tmp,
            open_workspace(Path(tmp), start_backup=False) as scratch,
        ):
            _print_plan(staff_import.analyze(scratch.db, source))
            scratch.close(backup=False)
        return EXIT_OK
    with _open(args) as ws:
        plan = staff_import.analyze(ws.db, source)
        if args.dry_run:
            _print_plan(plan)
            return EXIT_OK
        for line in plan.report_lines():
            print(line)
        result = staff_import.apply_plan(ws.db, plan)
    print(result.summary())
    return EXIT_OK


def _print_plan(plan: object) -> None:
    for line in plan.report_lines():  # type: ignore[attr-defined]
        print(line)
    print("Пробный запуск: в базу ничего не записано.")


def _cmd_export(args: argparse.Namespace) -> int:
    # deferred: a command loads only what it uses (start-up speed)
    from app.services.documents.exports import KINDS, run_export

    if args.kind not in KINDS:
        raise KuratorError(
            f"Неизвестный вид выгрузки «{args.kind}». Доступны: {', '.join(sorted(KINDS))}."
        )
    out = Path(args.out)
    _existing_paths(args).refuse_own(out)
    with _open(args, start_backup=False) as ws:
        written = run_export(
            ws.db,
            args.kind,
            out,
            order_id=args.id,
            split=args.split,
            teacher=args.teacher,
            round=args.round,
            date_from=args.date_from,
            date_to=args.date_to,
        )
    print(f"Записано: {written}")
    return EXIT_OK


def _cmd_backup(args: argparse.Namespace) -> int:
    # deferred: a command loads only what it uses (start-up speed)
    from app.services.storage import backups
    from app.services.storage.workspace import acquire_lock

    _refuse_on_server(args)
    paths = _existing_paths(args)
    lock = acquire_lock(paths)
    try:
        if args.to:
            paths.refuse_own(Path(args.to))
            target = backups.backup_to(paths, Path(args.to))
        else:
            paths.ensure()
            made = backups.auto_backup(paths, "manual")
            if made is None:
                raise KuratorError(f"В папке {paths.root} нет базы данных — копировать нечего.")
            target = made
    finally:
        lock.release()
    print(f"Резервная копия: {target}")
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    # deferred: a command loads only what it uses (start-up speed)
    from app.models.migrate import migrate
    from app.services.storage import backups
    from app.services.storage.workspace import acquire_lock

    _refuse_on_server(args)
    paths = _paths(args)
    source = Path(args.file)
    lock = acquire_lock(paths)
    try:
        paths.ensure()
        kept = backups.restore_from(paths, source)
        migrate(paths.db, paths.pre_migration_backups)
    finally:
        lock.release()
    print(f"База восстановлена из {source}.")
    if kept:
        print(f"Прежняя база сохранена: {kept}")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    # deferred: a command loads only what it uses (start-up speed)
    from app.models.migrate import read_revision
    from app.services.storage import backups

    if _database(args) is not None:
        return _check_server(args)
    paths = _existing_paths(args)
    read_revision(paths.db)  # a file that is not a database at all gets its own message
    report = backups.inspect_copy(paths.db)
    for line in report.lines():
        print(line)
    return EXIT_OK if report.integrity == "ok" else EXIT_ERROR


def _check_server(args: argparse.Namespace) -> int:
    """``check`` on a server: the connection, the schema version, the record counts (the
    file-level integrity check is the server's own business)."""
    # deferred: a command loads only what it uses (start-up speed)
    from app.services.storage import exchange

    with _open(args, start_backup=False) as ws:
        print(f"База данных на сервере: {ws.db.describe()}")
        print(f"Версия схемы: {ws.migration.to_revision if ws.migration else '—'}")
        print(f"Записи: {exchange.counts_line(ws.db)}.")
    return EXIT_OK


def _cmd_export_data(args: argparse.Namespace) -> int:
    # deferred: a command loads only what it uses (start-up speed)
    from app.services.storage import exchange

    paths = _existing_paths(args)
    paths.refuse_own(Path(args.out))
    with _open(args, start_backup=False) as ws:
        summary = exchange.export_data(
            ws.db, Path(args.out), for_municipality=args.for_municipality
        )
    print(summary)
    return EXIT_OK


def _cmd_import_data(args: argparse.Namespace) -> int:
    # deferred: a command loads only what it uses (start-up speed)
    from app.services.storage import exchange

    source = Path(args.file)
    if not source.is_file():
        raise KuratorError(f"Файл не найден: {source}")
    with _open(args) as ws:
        summary = exchange.import_data(ws.db, source)
    print(summary)
    return EXIT_OK


def _open_store(args: argparse.Namespace) -> Any:
    """The store of a ``municipal`` command: on the server named by --database or
    KURATOR_DATABASE, else in the data folder."""
    # deferred: a command loads only what it uses (start-up speed)
    from app.services.municipal.store import open_store_at

    return open_store_at(_database(args), _paths(args).root)


def _cmd_municipal(args: argparse.Namespace) -> int:
    # deferred: a command loads only what it uses (start-up speed)
    from app.services.municipal import store as municipal
    from app.services.municipal import summary

    action = getattr(args, "municipal_command", None)
    if action is None:
        store = _open_store(args)
        # deferred: the window loads only when asked for, after the Qt-free layers (_cmd_gui)
        from app.ui.window.launcher import run_municipal

        logs = None if store.is_server else _paths(args).logs
        code: int = run_municipal(store, logs)
        return code
    store = _open_store(args)
    try:
        if action == "list":
            for line in municipal.list_lines(store):
                print(line)
            return EXIT_OK
        if action == "export":
            out = Path(args.out)
            if args.what == "summary":
                period = summary.parse_period(args.date_from, args.date_to)
                written = summary.export_summary(store, out, period)
            else:
                written = summary.export_heat(store, out)
            print(f"Записано: {written}")
            return EXIT_OK
        outcomes = municipal.add_files(store, [Path(f) for f in args.files], args.merge_renamed)
        for outcome in outcomes:
            if outcome.ok:
                print(outcome.message)
            else:
                print(f"Ошибка: {outcome.message}", file=sys.stderr)
        failed = sum(not o.ok for o in outcomes)
        if failed and len(args.files) > 1:
            print(f"Не добавлено файлов: {failed} из {len(args.files)}.", file=sys.stderr)
        return EXIT_ERROR if failed else EXIT_OK
    finally:
        store.dispose()


def _cmd_gui(args: argparse.Namespace) -> int:
    # deferred: the Qt-free layers (SQLAlchemy, the mapped classes, the data folder) load
    # before PySide6, for start-up speed: PySide6 hooks every later import and reads the
    # module's source (its ``__feature__`` check), a tenth of the window's start-up when
    # SQLAlchemy came after it.
    import app.services.storage.workspace  # noqa: F401
    from app.ui.window.launcher import run_gui

    return run_gui(resolve_data_dir(args.data_dir), _database(args))


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: _cmd_gui,
    "demo": _cmd_demo,
    "import-staff": _cmd_import_staff,
    "export": _cmd_export,
    "backup": _cmd_backup,
    "restore": _cmd_restore,
    "check": _cmd_check,
    "export-data": _cmd_export_data,
    "import-data": _cmd_import_data,
    "municipal": _cmd_municipal,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; returns the process exit code."""
    private_umask()  # every file this run writes (data, backups, exports) is the user's alone
    # Until the log file is open (or when it cannot be), log records go nowhere: Python's
    # last-resort handler would print them, in English, to the person's console.
    logging.getLogger().addHandler(logging.NullHandler())
    args = build_parser(argv).parse_args(argv)
    try:
        if args.command is not None and _paths(args).root.is_dir():
            setup_logging(_paths(args).logs)
        return COMMANDS[args.command](args)
    except KuratorError as exc:
        print(f"Ошибка: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("Прервано.", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # the output was piped into a program that stopped reading (``… | head``)
        _silence_stdout()
        return EXIT_ERROR
    except Exception as exc:  # the promise: one Russian line, details in the log
        # the kind and the place only: messages of OS and parser errors can quote data
        log.error(
            "command %s failed: %s",
            args.command,
            exc.__class__.__name__,
            exc_info=not isinstance(exc, OSError | sqlite3.Error),
        )
        print(f"Ошибка: {user_message(exc)}", file=sys.stderr)
        return EXIT_ERROR


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so Python's own flush at exit does
    not print an English traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
