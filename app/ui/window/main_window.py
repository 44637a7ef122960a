"""The main window: builds the tabs and the menus and wires them; the work lives elsewhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__
from app.services.storage.workspace import Workspace
from app.ui.agenda.today_tab import TodayTab
from app.ui.common.jobs import JobIndicator, default_runner
from app.ui.common.lazy_tab import LazyTab, PageTabs
from app.ui.people.participants_tab import ParticipantsTab
from app.ui.storage.file_actions import FileActions
from app.ui.window.demo_opener import DemoOpener
from app.ui.window.today_nav import TodayNavigator

if TYPE_CHECKING:
    from app.ui.grid.grid_tab import GridTab
    from app.ui.orders.orders_dialog import OrdersDialog
    from app.ui.pairs.pairs_tab import PairsTab
    from app.ui.programs.programs_tab import ProgramsTab
    from app.ui.school.school_dialog import SchoolDialog

TEXTS = {
    "tab_today": "Сегодня",
    "tab_participants": "Участники",
    "tab_pairs": "Пары и группы",
    "tab_programs": "Программы",
    "tab_grid": "Диагностика",
    "soon_pairs": "Здесь будут наставнические пары и группы, их сроки и подбор наставника.",
    "soon_programs": "Здесь будут персонализированные программы: пояснительная записка "
    "и дорожная карта каждой пары.",
    "grid_settings": "Направления и уровни диагностики…",
    "menu_file": "&Файл",
    "menu_school": "&Школа",
    "menu_docs": "&Документы",
    "menu_help": "&Справка",
    "school_profile": "Реквизиты школы…",
    "references": "Справочники…",
    "orders": "Приказы…",
    "page_settings": "Параметры страницы…",
    "consent_text": "Текст согласия на обработку ПДн…",
    "start_path": "С чего начать",
    "about": "О программе",
    "about_text": (
        "<b>«Куратор»</b>, версия {version}<br><br>Рабочее место куратора внедрения "
        "целевой модели наставничества педагогических работников: база наставников и "
        "наставляемых, диагностика дефицитов, пары и программы, приказы и справки."
        "<br><br>Работает без интернета; "
        "все данные хранятся на этом компьютере."
    ),
    "where": "Где хранятся данные",
    "where_text": (
        "Папка данных: {root}\nБаза данных: {db}\nАвтоматические резервные копии: {auto}\n"
        "Журнал ошибок: {logs}\n\nРезервная копия делается при каждом запуске и выходе; "
        "хранятся последние 20 копий и по одной за каждый из 30 последних дней."
    ),
    "demo_title": "{app} — ПРИМЕР (учебные данные)",
    "demo_banner": "ПРИМЕР: вымышленная школа для знакомства с программой. Здесь можно "
    "пробовать всё что угодно — ваши настоящие данные хранятся в другой папке и не меняются. "
    "Закройте это окно, чтобы вернуться к своей школе.",
    "demo_status": "Пример (учебные данные): {root}",
    "where_server_text": (
        "База данных на сервере PostgreSQL: {db}\nНастройки и журнал ошибок этого "
        "компьютера: {root}\n\nРезервная копия базы на сервере — выгрузка в файл обмена "
        "(«Файл → Выгрузить в файл обмена…») или копия, которую делает администратор сервера "
        "(pg_dump). С базой могут работать несколько человек: данные обновляются клавишей F5 "
        "и при возвращении в окно программы."
    ),
    "refresh": "Обновить",
    "refresh_tip": "Перечитать данные из базы (изменения других пользователей на сервере)",
}
DEMO_BANNER_STYLE = (
    "background: #FFE08A; color: #5a3d00; font-weight: bold; padding: 6px; "
    "border-bottom: 2px solid #d9a400;"
)


def _placeholder(text: str) -> QWidget:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setObjectName("placeholder")
    return label


class MainWindow(QMainWindow):
    """Tabs «Сегодня», «Участники», «Пары и группы», «Программы», «Диагностика» and the
    menus. With ``demo`` it is the window of the demo school: marked so in its title and by
    a banner, and it closes its own data folder when it closes."""

    def __init__(self, ws: Workspace, demo: bool = False) -> None:
        super().__init__()
        self.ws = ws
        self.demo = demo
        self.settings = QSettings(str(ws.paths.settings), QSettings.Format.IniFormat)
        where = ws.db.describe() if ws.is_server else str(ws.paths.root)
        self.setWindowTitle(f"{APP_NAME} — {where}")
        self.setMinimumSize(760, 520)

        self.tabs = PageTabs()
        self.participants = ParticipantsTab(ws)
        self.tabs.addTab(self.participants, TEXTS["tab_participants"])
        # Pairs, programs and the grid are built when first opened (start-up stays quick).
        self._pairs_page: LazyTab[PairsTab] = LazyTab(self._make_pairs)
        self.participants.data_changed.connect(self._pairs_page.reload_if_built)
        self.tabs.addTab(self._pairs_page, TEXTS["tab_pairs"])
        self._programs_page: LazyTab[ProgramsTab] = LazyTab(self._make_programs)
        self.tabs.addTab(self._programs_page, TEXTS["tab_programs"])
        self._grid_page: LazyTab[GridTab] = LazyTab(self._make_grid)
        self.participants.data_changed.connect(self._grid_page.reload_if_built)
        self.tabs.addTab(self._grid_page, TEXTS["tab_grid"])
        self.today = TodayTab(ws)  # first: what needs attention, each line opens its place
        self.navigator = TodayNavigator(self, self)
        self.today.open_requested.connect(self.navigator.open_target)
        self.today.action_requested.connect(self.navigator.run_action)
        self.today.step_requested.connect(self.navigator.open_step)
        self.participants.data_changed.connect(self.today.reload)
        self.tabs.insertTab(0, self.today, TEXTS["tab_today"])
        self.setCentralWidget(self.tabs)
        self.demo_opener = DemoOpener(
            ws.paths.root, lambda demo_ws: MainWindow(demo_ws, True), self
        )
        self.today.demo_requested.connect(self.demo_opener.open)

        self.orders_dialog: OrdersDialog | None = None
        self.file_actions = FileActions(ws, self, on_data_replaced=self.reload_all)
        self.participants.consent_requested.connect(
            lambda pid, name: self.file_actions.export(
                "consent", f"Согласие на обработку ПДн — {name}", teacher=pid
            )
        )
        self._build_menus()
        self.navigator.build_menu(self.menuBar())
        self._restore_geometry()
        if self.today.model.rowCount():
            self.tabs.setCurrentWidget(self.today)
        self.statusBar().showMessage(f"Данные: {where}")
        if demo:
            self._mark_as_demo()
        if ws.is_server:
            # Others change the same database: coming back to the window shows their work.
            app = QApplication.instance()
            if isinstance(app, QApplication):
                app.applicationStateChanged.connect(self._on_application_state)
        self.jobs = JobIndicator(default_runner(), self)  # long background work shows here
        self.statusBar().addPermanentWidget(self.jobs)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        fa = self.file_actions
        file_menu = bar.addMenu(TEXTS["menu_file"])
        file_menu.addAction(fa.backup_action)
        file_menu.addAction(fa.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(fa.export_data_action)
        file_menu.addAction(fa.import_data_action)
        file_menu.addAction(fa.send_municipal_action)
        file_menu.addSeparator()
        self.refresh_action = QAction(TEXTS["refresh"], self)
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.setStatusTip(TEXTS["refresh_tip"])
        self.refresh_action.triggered.connect(self.reload_all)
        file_menu.addAction(self.refresh_action)
        file_menu.addSeparator()
        quit_action = QAction("Выход", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        school_menu = bar.addMenu(TEXTS["menu_school"])
        self.school_action = school_menu.addAction(TEXTS["school_profile"])
        self.school_action.triggered.connect(self.edit_school)
        refs = school_menu.addAction(TEXTS["references"])
        refs.triggered.connect(self.edit_references)
        school_menu.addAction(TEXTS["grid_settings"]).triggered.connect(
            lambda: self.grid.edit_directions()
        )

        docs_menu = bar.addMenu(TEXTS["menu_docs"])
        self.docs_menu = docs_menu
        docs_menu.addAction(TEXTS["orders"]).triggered.connect(self.show_orders)
        docs_menu.addSeparator()
        for action in fa.export_actions:
            docs_menu.addAction(action)
        docs_menu.addSeparator()
        docs_menu.addAction(TEXTS["page_settings"]).triggered.connect(self.edit_page_settings)
        docs_menu.addAction(TEXTS["consent_text"]).triggered.connect(self.edit_consent_text)

        help_menu = bar.addMenu(TEXTS["menu_help"])
        self.start_path_action = help_menu.addAction(TEXTS["start_path"])
        self.start_path_action.triggered.connect(self.show_start_path)
        help_menu.addSeparator()
        help_menu.addAction(TEXTS["about"]).triggered.connect(self.show_about)
        help_menu.addAction(TEXTS["where"]).triggered.connect(self.show_data_location)

    # --- the pages built on first use ----------------------------------------------------
    def _make_pairs(self) -> PairsTab:
        # deferred: this page is built when first opened, not at start-up
        from app.ui.pairs.pairs_tab import PairsTab

        return PairsTab(self.ws)

    def _make_programs(self) -> ProgramsTab:
        # deferred: this page is built when first opened, not at start-up
        from app.ui.programs.programs_tab import ProgramsTab

        return ProgramsTab(self.ws)

    def _make_grid(self) -> GridTab:
        # deferred: this page is built when first opened, not at start-up
        from app.ui.grid.grid_tab import GridTab

        return GridTab(self.ws)

    @property
    def pairs(self) -> PairsTab:
        return self._pairs_page.widget()

    @property
    def programs(self) -> ProgramsTab:
        return self._programs_page.widget()

    @property
    def grid(self) -> GridTab:
        return self._grid_page.widget()

    def _on_application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive and self.isVisible():
            self.reload_all()

    def reload_all(self) -> None:
        """Refresh every tab from the database: after the data was replaced (restore,
        exchange import), on «Обновить» (F5) and, on a server, when the window is active
        again."""
        self.participants.reload()
        self.today.reload()
        for page in (self._pairs_page, self._grid_page, self._programs_page):
            page.reload_if_built()
        if self.orders_dialog is not None:
            self.orders_dialog.reload()

    def _mark_as_demo(self) -> None:
        """The demo's title, a banner above the tabs, no «Посмотреть на примере» in it."""
        self.setWindowTitle(TEXTS["demo_title"].format(app=APP_NAME))
        self.statusBar().showMessage(TEXTS["demo_status"].format(root=self.ws.paths.root))
        self.demo_banner = QLabel(TEXTS["demo_banner"])
        self.demo_banner.setObjectName("demo_banner")
        self.demo_banner.setWordWrap(True)
        self.demo_banner.setStyleSheet(DEMO_BANNER_STYLE)
        tabs = self.takeCentralWidget()
        assert tabs is not None  # the tabs, set in __init__
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.demo_banner)
        lay.addWidget(tabs)
        self.setCentralWidget(box)
        self.today.path_panel.demo_button.hide()

    def show_start_path(self) -> None:
        """«Справка → С чего начать»: «Сегодня» in front with every step unfolded."""
        self.tabs.setCurrentWidget(self.today)
        self.today.reload()
        self.today.show_path()

    def edit_school(self) -> SchoolDialog:
        # deferred: this dialog loads when first opened, not at start-up
        from app.ui.school.school_dialog import SchoolDialog

        dialog = SchoolDialog(self.ws, self)
        dialog.exec()
        self.today.reload()  # the first step of «С чего начать» follows the requisites
        return dialog

    def edit_references(self) -> None:
        # deferred: this dialog loads when first opened, not at start-up
        from app.ui.school.reference_dialog import ReferenceListsDialog

        ReferenceListsDialog(self.ws, self).exec()

    def edit_consent_text(self) -> None:
        # deferred: this dialog loads when first opened, not at start-up
        from app.ui.people.consent_text_dialog import ConsentTextDialog

        ConsentTextDialog(self.ws, self).exec()

    def edit_page_settings(self) -> None:
        # deferred: this dialog loads when first opened, not at start-up
        from app.ui.school.page_settings_dialog import PageSettingsDialog

        PageSettingsDialog(self.ws, self).exec()

    def show_orders(self) -> OrdersDialog:
        # deferred: the orders window (and python-docx with it) loads on first use
        from app.ui.orders.orders_dialog import OrdersDialog

        if self.orders_dialog is None:
            self.orders_dialog = OrdersDialog(self.ws, self)
        self.orders_dialog.reload()
        self.orders_dialog.show()
        self.orders_dialog.raise_()
        self.orders_dialog.activateWindow()
        return self.orders_dialog

    def show_about(self) -> None:
        QMessageBox.about(self, TEXTS["about"], TEXTS["about_text"].format(version=__version__))

    def data_location_text(self) -> str:
        p = self.ws.paths
        if self.ws.is_server:
            return TEXTS["where_server_text"].format(db=self.ws.db.describe(), root=p.root)
        return TEXTS["where_text"].format(root=p.root, db=p.db, auto=p.auto_backups, logs=p.logs)

    def show_data_location(self) -> None:
        QMessageBox.information(self, TEXTS["where"], self.data_location_text())

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            # first start: all of a 1366×768 screen a taskbar and the title bar leave
            self.resize(QSize(1200, 700).boundedTo(self.screen().availableGeometry().size()))
        tab = int(str(self.settings.value("window/tab", 0)) or 0)
        self.tabs.setCurrentIndex(tab if 0 <= tab < self.tabs.count() else 0)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        # An open editor with typed data asks «Сохранить изменения?» first; if the
        # curator chooses to go back to it, the window stays open. So does the demo's window.
        if not self.demo_opener.close():
            event.ignore()
            return
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()
                if dialog.isVisible():
                    event.ignore()
                    return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/tab", self.tabs.currentIndex())
        self.settings.sync()
        super().closeEvent(event)
        if self.demo:
            self.ws.close(backup=False)  # the demo folder: no copies, its lock released
