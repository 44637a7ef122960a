"""The half-year report dialog (period, editable conclusions and recommendations, printing)
and the month plan dialog."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.textutil import MONTHS, format_date
from app.errors import KuratorError, StaleRecordError
from app.services.monitoring import halfyear_periods, halfyear_report
from app.services.storage.workspace import Workspace
from app.ui.common.dialogs import ask_yes_no
from app.ui.common.widgets import WARNING_STYLE, DateField, FieldMessages, GuardedDialog
from app.ui.storage.file_actions import FileActions

TEXTS = {
    "title": "Справка по итогам мониторинга",
    "intro": "Справка строится по данным программы: выполнение дорожных карт, повторная "
    "диагностика, анкеты и показатели мониторинга за период. Выводы и рекомендации "
    "заполнены по цифрам — исправьте их перед печатью.",
    "from": "Начало периода:",
    "to": "Конец периода:",
    "conclusions": "Выводы (абзацы — через пустую строку):",
    "recommendations": "Рекомендации (по одной в строке):",
    "refill": "Заполнить по данным заново",
    "save": "Сохранить тексты",
    "print": "Печать…",
    "saved": "Тексты сохранены для периода {start} – {end}.",
    "stored_shown": "В окне показано то, что сохранено сейчас.",
    "file_title": "Справка по итогам мониторинга {start}–{end}",
    "replace_title": "Тексты справки",
    "replace": "Заменить ваш текст {field} {source}?",
    "field_conclusions": "выводов",
    "field_recommendations": "рекомендаций",
    "source_figures": "текстом по новым цифрам",
    "source_saved": "текстом, сохранённым для периода {start} – {end}",
    "replace_yes": "Заменить",
    "replace_no": "Оставить мой текст",
    "refresh": "Обновить выводы по новым цифрам",
    "keep": "Оставить мои тексты",
    "kept": "Тексты оставлены как есть: цифры на сегодня отмечены как проверенные.",
    "plan_title": "План работы куратора на месяц",
    "month": "Месяц:",
    "year": "Год:",
    "plan_print": "Сохранить план…",
}


class ReportDialog(GuardedDialog):
    """Choose the period, edit the prefilled texts, save them or print the report."""

    def __init__(
        self,
        ws: Workspace,
        file_actions: FileActions,
        parent: QWidget | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws, self.file_actions = ws, file_actions
        self.today = today or dt.date.today()  # the report's date: overdue rows count on it
        self.setWindowTitle(TEXTS["title"])
        self.resize(820, 640)
        if start is None or end is None:
            half = halfyear_periods.offered_period(ws.db, self.today)
            start, end = half.start, half.end
        intro = QLabel(TEXTS["intro"])
        intro.setWordWrap(True)
        form = QFormLayout()
        self.messages = FieldMessages()
        self.date_from, self.date_to = DateField(), DateField()
        self.date_from.set_date(start)
        self.date_to.set_date(end)
        self.messages.add_row(form, "date_from", TEXTS["from"], self.date_from)
        self.messages.add_row(form, "date_to", TEXTS["to"], self.date_to)
        self.date_from.editingFinished.connect(self.load_texts)
        self.date_to.editingFinished.connect(self.load_texts)
        self.conclusions = QPlainTextEdit()
        self.recommendations = QPlainTextEdit()
        self.status = QLabel()
        self.status.setWordWrap(True)
        # «Данные изменились после …»: the saved texts rest on other figures than today's.
        self.outdated = QFrame()
        self.outdated.setObjectName("outdated")
        self.outdated_text = QLabel()
        self.outdated_text.setWordWrap(True)
        self.outdated_text.setStyleSheet(WARNING_STYLE)
        self.refresh_button = QPushButton(TEXTS["refresh"])
        self.refresh_button.clicked.connect(lambda: self.load_texts(force_defaults=True))
        self.keep_button = QPushButton(TEXTS["keep"])
        self.keep_button.clicked.connect(self.keep_texts)
        warn = QVBoxLayout(self.outdated)
        warn.setContentsMargins(0, 0, 0, 0)
        warn.addWidget(self.outdated_text)
        warn_row = QHBoxLayout()
        warn_row.addWidget(self.refresh_button)
        warn_row.addWidget(self.keep_button)
        warn_row.addStretch(1)
        warn.addLayout(warn_row)
        self.outdated.hide()
        refill = QPushButton(TEXTS["refill"])
        refill.clicked.connect(lambda: self.load_texts(force_defaults=True))
        box = QDialogButtonBox()
        self.save_button = box.addButton(TEXTS["save"], QDialogButtonBox.ButtonRole.ApplyRole)
        self.print_button = box.addButton(TEXTS["print"], QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton("Закрыть", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save_texts)
        self.print_button.clicked.connect(self.print_report)
        box.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.outdated)
        lay.addWidget(QLabel(TEXTS["conclusions"]))
        lay.addWidget(self.conclusions, 3)
        lay.addWidget(QLabel(TEXTS["recommendations"]))
        lay.addWidget(self.recommendations, 2)
        row = QHBoxLayout()
        row.addWidget(refill)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addWidget(self.status)
        lay.addWidget(box)
        self._loaded: tuple[dt.date, dt.date] | None = None
        self._loading = False  # the question steals focus: editingFinished fires again
        self._texts = ("", "")
        self._version = 0  # of the period's stored report as read (0: none stored)
        # The figures the shown texts were worded from, to store with them (None: keep
        # what the database holds); and today's figures of the period.
        self._basis: dict[str, str] | None = None
        self._current: dict[str, str] = {}
        self.load_texts()

    def period(self) -> tuple[dt.date, dt.date] | None:
        """The typed period, or None after showing the Russian error next to the field."""
        self.messages.clear()
        try:
            return halfyear_report.parse_period(self.date_from.text(), self.date_to.text())
        except KuratorError as exc:  # the text names the field
            key = "date_to" if "конца" in str(exc) or "Конец" in str(exc) else "date_from"
            self.messages.show({key: str(exc)})
            return None

    def load_texts(self, force_defaults: bool = False) -> None:
        """Saved texts of the period, else (or when asked) the ones worded from the data.

        A text the curator typed is never replaced silently: for each edited field the
        dialog asks, and «Оставить мой текст» keeps it (still unsaved, so closing asks)."""
        period = self.period()
        if self._loading or period is None or (period == self._loaded and not force_defaults):
            return
        self._loading = True
        try:
            self._apply_period(period, force_defaults)
        finally:
            self._loading = False

    def _apply_period(self, period: tuple[dt.date, dt.date], force_defaults: bool) -> None:
        saved = halfyear_periods.find_report(self.ws.db, *period)
        self._version = saved.version if saved is not None else 0
        has_saved = saved is not None and bool(saved.conclusions or saved.recommendations)
        fig = halfyear_report.report_figures(self.ws.db, *period, as_of=self.today)
        self._current = halfyear_report.key_figures(fig)
        defaults: tuple[str, str] | None = None
        if not has_saved or force_defaults:
            defaults = halfyear_report.default_texts(fig)
        # What the database holds for the period: the baseline «unsaved» is measured from.
        stored = (saved.conclusions, saved.recommendations) if saved and has_saved else defaults
        assert stored is not None
        offered = defaults if force_defaults and defaults is not None else stored
        source = "figures" if offered is defaults else "saved"
        shown = []
        for field, typed, baseline, new in zip(
            ("conclusions", "recommendations"), self.texts(), self._texts, offered, strict=True
        ):
            edited = self._loaded is not None and typed != baseline
            if edited and typed != new and not self.ask_replace(field, source, period):
                shown.append(typed)
            else:
                shown.append(new)
        self.conclusions.setPlainText(shown[0])
        self.recommendations.setPlainText(shown[1])
        self._loaded = period
        self._texts = stored
        from_saved = source == "saved" and saved is not None and has_saved
        known = from_saved and saved is not None and bool(saved.figures_digest)
        self._basis = None if known else dict(self._current)
        notice = halfyear_report.outdated_notice(saved, fig) if from_saved else ""
        self.outdated_text.setText(notice)
        self.outdated.setVisible(bool(notice))

    def ask_replace(self, field: str, source: str, period: tuple[dt.date, dt.date]) -> bool:
        """«Заменить ваш текст выводов текстом по новым цифрам?» — True: replace it.
        A method so tests can answer it."""
        start, end = (format_date(d) for d in period)
        text = TEXTS["replace"].format(
            field=TEXTS[f"field_{field}"],
            source=TEXTS[f"source_{source}"].format(start=start, end=end),
        )
        return ask_yes_no(
            self, TEXTS["replace_title"], text, TEXTS["replace_yes"], TEXTS["replace_no"]
        )

    def texts(self) -> tuple[str, str]:
        return self.conclusions.toPlainText(), self.recommendations.toPlainText()

    def is_modified(self) -> bool:
        """Texts edited since they were loaded or last saved."""
        return self.texts() != self._texts

    def save(self) -> bool:
        """Save the texts and close (the «Сохранить изменения?» answer)."""
        if self.save_texts():
            self.accept()
            return True
        return False

    def save_texts(self) -> bool:
        period = self.period()
        if period is None:
            return False
        try:
            self._version = halfyear_periods.record_report(
                self.ws.db,
                *period,
                self.conclusions.toPlainText(),
                self.recommendations.toPlainText(),
                figures=self._basis,
                seen=self._version if period == self._loaded else None,
            )
        except StaleRecordError as exc:
            self.show_stored(period, exc)
            return False
        self._basis = None
        self._texts = self.texts()
        self.status.setText(
            TEXTS["saved"].format(start=self.date_from.text(), end=self.date_to.text())
        )
        return True

    def keep_texts(self) -> None:
        """«Оставить мои тексты»: the saved texts stay, today's figures are marked as the
        ones they were checked against (typed, unsaved edits stay unsaved)."""
        if self._loaded is None:
            return
        try:
            self._version = halfyear_periods.record_report(
                self.ws.db, *self._loaded, *self._texts, figures=self._current, seen=self._version
            )
        except StaleRecordError as exc:
            self.show_stored(self._loaded, exc)
            return
        self.outdated.hide()
        self.status.setText(TEXTS["kept"])

    def show_stored(self, period: tuple[dt.date, dt.date], exc: StaleRecordError) -> None:
        """Another user saved the report's texts first: show them as stored, with the reason
        (the typed texts are not asked about: the refusal says they were not saved)."""
        self._loaded = None
        self._loading = True
        try:
            self._apply_period(period, force_defaults=False)
        finally:
            self._loading = False
        self.status.setText(f"{exc} {TEXTS['stored_shown']}")

    def print_report(self) -> None:
        period = self.period()
        if period is None or not self.save_texts():
            return
        start, end = period
        job = self.file_actions.export(
            "report",
            TEXTS["file_title"].format(start=self.date_from.text(), end=self.date_to.text()),
            date_from=start,
            date_to=end,
            conclusions=self.conclusions.toPlainText(),
            recommendations=self.recommendations.toPlainText(),
        )
        if job is not None:  # printing remembers the report as made, in the background
            job.ended.connect(lambda: self._reread_version(period))

    def _reread_version(self, period: tuple[dt.date, dt.date]) -> None:
        """Go on from the version the printed report was stored with (own saves continue)."""
        if period != self._loaded:
            return
        printed = halfyear_periods.find_report(self.ws.db, *period)
        self._version = printed.version if printed is not None else 0


class MonthPlanDialog(QDialog):
    """Pick a month; the plan is saved as Word or Excel through the export registry."""

    def __init__(
        self, file_actions: FileActions, parent: QWidget | None = None, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.file_actions = file_actions
        self.setWindowTitle(TEXTS["plan_title"])
        today = today or dt.date.today()
        self.month = QComboBox()
        self.month.addItems([m.capitalize() for m in MONTHS])
        self.month.setCurrentIndex(today.month - 1)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        form = QFormLayout(self)
        form.addRow(TEXTS["month"], self.month)
        form.addRow(TEXTS["year"], self.year)
        box = QDialogButtonBox()
        box.addButton(TEXTS["plan_print"], QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton("Закрыть", QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.save_plan)
        box.rejected.connect(self.reject)
        form.addRow(box)

    def chosen(self) -> dt.date:
        return dt.date(self.year.value(), self.month.currentIndex() + 1, 1)

    def save_plan(self) -> None:
        day = self.chosen()
        self.file_actions.export(
            "month-plan", f"План на {MONTHS[day.month - 1]} {day.year}", date_from=format_date(day)
        )
        self.accept()
