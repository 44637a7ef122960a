"""Page and font settings of every printed document (ГОСТ Р 7.0.97-2025 defaults), as a plain
value: services read and store it, the DOCX and XLSX writers apply it. No python-docx here, so
importing it costs nothing at start-up."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

A4_WIDTH_MM = 210.0
A4_HEIGHT_MM = 297.0
DEFAULT_FONT = "Times New Roman"
# The least the standard allows (left for binding, right, top, bottom) and a sane ceiling.
_MIN_LEFT, _MIN_RIGHT, _MIN_TOP, _MIN_BOTTOM = 20.0, 10.0, 20.0, 20.0
_MAX_MARGIN_MM = 60.0
_BODY_SIZES = (10.0, 16.0)
_TABLE_SIZES = (8.0, 14.0)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, float(value)))


@dataclass(frozen=True)
class PageSettings:
    """Page and font settings of every document; values out of range are clamped.

    Margins are in millimetres (never below 20/10/20/20 left/right/top/bottom), sizes in
    points. The defaults are those of ГОСТ Р 7.0.97-2025: 30/10/20/20 mm, Times New Roman 14,
    12 in tables."""

    left_mm: float = 30.0
    right_mm: float = 10.0
    top_mm: float = 20.0
    bottom_mm: float = 20.0
    font_name: str = DEFAULT_FONT
    body_size: float = 14.0
    table_size: float = 12.0

    def __post_init__(self) -> None:
        fix = {
            "left_mm": _clamp(self.left_mm, _MIN_LEFT, _MAX_MARGIN_MM),
            "right_mm": _clamp(self.right_mm, _MIN_RIGHT, _MAX_MARGIN_MM),
            "top_mm": _clamp(self.top_mm, _MIN_TOP, _MAX_MARGIN_MM),
            "bottom_mm": _clamp(self.bottom_mm, _MIN_BOTTOM, _MAX_MARGIN_MM),
            "font_name": (self.font_name or "").strip() or DEFAULT_FONT,
            "body_size": _clamp(self.body_size, *_BODY_SIZES),
            "table_size": _clamp(self.table_size, *_TABLE_SIZES),
        }
        for name, value in fix.items():
            object.__setattr__(self, name, value)

    @classmethod
    def from_mapping(cls, values: dict[str, object]) -> PageSettings:
        """Settings from stored key → value pairs; unknown keys and bad numbers are ignored."""
        known = {f.name for f in fields(cls)}
        kwargs: dict[str, object] = {}
        for key, raw in values.items():
            if key not in known:
                continue
            if key == "font_name":
                kwargs[key] = str(raw)
                continue
            try:
                kwargs[key] = float(str(raw).replace(",", "."))
            except ValueError:
                continue
        return cls(**kwargs)  # type: ignore[arg-type]

    def margins(self, landscape: bool = False) -> tuple[float, float, float, float]:
        """(left, right, top, bottom) in mm for a portrait or a landscape page.

        A landscape page is bound along its top edge when stapled with portrait pages (the
        reader turns the document clockwise), so the margins turn with the sheet: the binding
        margin becomes the top one, the right margin the bottom one."""
        if not landscape:
            return self.left_mm, self.right_mm, self.top_mm, self.bottom_mm
        return self.bottom_mm, self.top_mm, self.left_mm, self.right_mm

    def text_width_mm(self, landscape: bool = False) -> float:
        """Width between the margins of a portrait or landscape A4 page."""
        left, right, _, _ = self.margins(landscape)
        page = A4_HEIGHT_MM if landscape else A4_WIDTH_MM
        return page - left - right

    def to_mapping(self) -> dict[str, object]:
        """The stored form: field name → value (what ``from_mapping`` reads back)."""
        return asdict(self)
