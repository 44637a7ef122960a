"""A tab page that builds its real widget the first time it is shown (or asked for).

Start-up pays only for the tab in front; the others import their modules and read their
data when the curator first opens them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

W = TypeVar("W", bound=QWidget)


class LazyTab(QWidget, Generic[W]):
    """Holds ``factory``; :meth:`widget` builds the page once and puts it inside."""

    def __init__(
        self,
        factory: Callable[[], W],
        on_built: Callable[[W], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._factory = factory
        self._on_built = on_built
        self._widget: W | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._widget is not None

    def widget(self) -> W:
        """The real page, built now if it was not yet."""
        if self._widget is None:
            self._widget = self._factory()
            self._layout.addWidget(self._widget)
            if self._on_built is not None:
                self._on_built(self._widget)
        return self._widget

    def reload_if_built(self) -> None:
        """Refresh a page already built; one not built yet reads fresh data when it is."""
        if self._widget is not None:
            reload = getattr(self._widget, "reload", None)
            if callable(reload):
                reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        self.widget()
        super().showEvent(event)


class PageTabs(QTabWidget):
    """Tabs whose pages may be :class:`LazyTab` holders: asked about the real page (index,
    make current, current page), it answers for the page inside its holder."""

    def indexOf(self, widget: QWidget | None) -> int:  # noqa: N802 (Qt API)
        page = widget
        while page is not None:
            index = super().indexOf(page)
            if index >= 0:
                return index
            page = page.parentWidget()
        return -1

    def setCurrentWidget(self, widget: QWidget) -> None:  # noqa: N802 (Qt API)
        index = self.indexOf(widget)
        if index >= 0:
            self.setCurrentIndex(index)

    def currentWidget(self) -> QWidget:  # noqa: N802 (Qt API)
        # Qt answers None only for an empty tab widget; the window always has its tabs.
        return self._real(super().currentWidget())  # type: ignore[return-value]

    def widget(self, index: int) -> QWidget | None:
        return self._real(super().widget(index))

    @staticmethod
    def _real(page: QWidget | None) -> QWidget | None:
        return page.widget() if isinstance(page, LazyTab) else page
