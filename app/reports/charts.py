"""Simple bar charts as PNG, drawn with the standard library only (zlib + struct).

No text is drawn except digits (a built-in 5×7 pixel font): values above the bars and the
category numbers under them. Names go in the table printed under the chart, whose cells are
shaded in the bars' colours, so the chart needs no Cyrillic font and no extra dependency."""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

RGB = tuple[int, int, int]

# 5×7 glyphs, one string per row, '#' = ink.
_FONT: dict[str, tuple[str, ...]] = {
    "0": (".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    "3": ("####.", "....#", "....#", ".###.", "....#", "....#", "####."),
    "4": ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    "6": (".###.", "#....", "#....", "####.", "#...#", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
    "8": (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    "9": (".###.", "#...#", "#...#", ".####", "....#", "....#", ".###."),
    ",": (".....", ".....", ".....", ".....", ".##..", "..#..", ".#..."),
    ".": (".....", ".....", ".....", ".....", ".....", ".##..", ".##.."),
    "-": (".....", ".....", ".....", "#####", ".....", ".....", "....."),
    "%": ("##...", "##..#", "...#.", "..#..", ".#...", "#..##", "...##"),
}

WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)
GRID: RGB = (210, 210, 210)
TEXT: RGB = (40, 40, 40)


def hex_rgb(color: str) -> RGB:
    """``#RRGGBB`` or ``RRGGBB`` → (r, g, b)."""
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


@dataclass(frozen=True)
class Series:
    """One set of bars (e.g. «before»): a value per category and its colour ``RRGGBB``."""

    values: Sequence[float]
    color: str
    colors: Sequence[str] = ()  # a colour per bar, overriding ``color``


class Canvas:
    """An RGB picture in memory with rectangles and digits; :meth:`png` encodes it."""

    def __init__(self, width: int, height: int, background: RGB = WHITE) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray(bytes(background) * (width * height))

    def rect(self, x0: int, y0: int, x1: int, y1: int, color: RGB) -> None:
        """Fill the rectangle [x0, x1) × [y0, y1), clipped to the picture."""
        x0, x1 = max(0, min(x0, x1)), min(self.width, max(x0, x1))
        y0, y1 = max(0, min(y0, y1)), min(self.height, max(y0, y1))
        if x0 >= x1 or y0 >= y1:
            return
        row = bytes(color) * (x1 - x0)
        for y in range(y0, y1):
            start = (y * self.width + x0) * 3
            self.pixels[start : start + len(row)] = row

    def text(self, x: int, y: int, text: str, scale: int = 3, color: RGB = TEXT) -> None:
        """Digits (and ``,.-%``) with the top-left corner at (x, y); other characters skipped."""
        for ch in text:
            glyph = _FONT.get(ch)
            if glyph is None:
                continue
            for gy, line in enumerate(glyph):
                for gx, dot in enumerate(line):
                    if dot == "#":
                        px, py = x + gx * scale, y + gy * scale
                        self.rect(px, py, px + scale, py + scale, color)
            x += 6 * scale

    @staticmethod
    def text_width(text: str, scale: int = 3) -> int:
        n = sum(1 for ch in text if ch in _FONT)
        return max(0, n * 6 * scale - scale)

    def png(self) -> bytes:
        """The picture as a PNG file (8-bit RGB, no interlace, 150 dpi)."""
        stride = self.width * 3
        raw = b"".join(
            b"\x00" + bytes(self.pixels[y * stride : (y + 1) * stride]) for y in range(self.height)
        )

        def chunk(kind: bytes, data: bytes) -> bytes:
            return (
                struct.pack(">I", len(data))
                + kind
                + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
            )

        ppm = round(150 / 0.0254)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0))
            + chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b"")
        )


def nice_step(top: float) -> float:
    """A round grid step (1, 2, 5 × 10ⁿ) giving about five lines up to ``top``."""
    if top <= 0:
        return 1.0
    raw = top / 5
    base = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * base:
            return float(m * base)
    return float(10 * base)


def number_text(value: float) -> str:
    """«3», «7,5» (one decimal only when needed, Russian comma)."""
    if abs(value - round(value)) < 1e-9:
        return str(round(value))
    return f"{value:.1f}".replace(".", ",")


def bar_chart(
    series: Sequence[Series],
    *,
    max_value: float | None = None,
    integer: bool = False,
    width: int = 1500,
    height: int = 640,
) -> bytes:
    """Grouped vertical bars: per category one bar of each series, the value above each bar,
    the category number (1, 2, …) under each group, horizontal grid lines with their values
    on the left (whole steps when ``integer``: counts of people). Returns PNG bytes."""
    count = max((len(s.values) for s in series), default=0)
    top = max([max_value or 0.0] + [float(v) for s in series for v in s.values])
    step = max(1.0, nice_step(top)) if integer else nice_step(top)
    top = max(step, math.ceil(top / step) * step)
    c = Canvas(width, height)
    scale = 3
    left, right, upper, lower = 90, 20, 50, 60
    plot_w, plot_h = width - left - right, height - upper - lower
    base_y = upper + plot_h
    lines = round(top / step)
    for i in range(lines + 1):
        y = base_y - round(plot_h * i / lines)
        c.rect(left, y, left + plot_w, y + 2, GRID)
        label = number_text(step * i)
        c.text(left - 12 - Canvas.text_width(label, scale), y - 10, label, scale)
    if count:
        group = plot_w / count
        bar = min(group * 0.8 / max(1, len(series)), 120.0)
        for k in range(count):
            gx = left + group * k + (group - bar * len(series)) / 2
            for j, s in enumerate(series):
                if k >= len(s.values):
                    continue
                value = float(s.values[k])
                x0 = round(gx + bar * j)
                x1 = round(gx + bar * (j + 1)) - 4
                y0 = base_y - round(plot_h * value / top) if top else base_y
                color = s.colors[k] if k < len(s.colors) else s.color
                c.rect(x0, y0, x1, base_y, hex_rgb(color))
                label = number_text(value)
                lx = x0 + (x1 - x0 - Canvas.text_width(label, scale)) // 2
                c.text(lx, y0 - 7 * scale - 8, label, scale)
            name = str(k + 1)
            cx = round(left + group * k + group / 2 - Canvas.text_width(name, scale) / 2)
            c.text(cx, base_y + 16, name, scale, BLACK)
    c.rect(left, upper, left + 2, base_y + 2, BLACK)
    c.rect(left, base_y, left + plot_w, base_y + 2, BLACK)
    return c.png()
