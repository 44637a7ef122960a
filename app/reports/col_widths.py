"""Column widths of every printed table, computed from its content and headings.

One place for DOCX and XLSX tables alike: the text is measured with the advance widths of
Times New Roman (``font_metrics``); every column gets at least the width of its longest word
(so no word is broken inside), the long free texts share the rest so that their cells take
about as many lines as each other. A heading word wider than its column gets soft hyphens
(it then wraps like a hyphenated word, never inside a syllable); an over-long token such as an
e-mail gets a zero-width space after «@», «/» or «.» only when it cannot have its full width.
Widths are in points here; the writers convert them to their own units."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.core.textutil import SOFT_HYPHEN, hyphen_points, hyphenate
from app.reports.font_metrics import BOLD, CHARS, REGULAR
from app.reports.table import Column

ZWSP = "\u200b"
# A glyph the table lacks (rare letters, symbols) is taken as wide as a capital.
_UNKNOWN_EM = 0.72
# Fonts differ a little between Word and LibreOffice builds and bold runs are set per cell:
# every measured width is taken this much wider.
_SAFETY = 1.03
# Widths are rounded down to twips or hundredths of a digit when written: a least width
# keeps this much (points) to spare for it.
_ROUNDING = 0.1
_REGULAR = dict(zip(CHARS, (w / 1000 for w in REGULAR), strict=True))
_BOLD = dict(zip(CHARS, (w / 1000 for w in BOLD), strict=True))
# Characters after which Word and LibreOffice may break a line by themselves.
_NATURAL_BREAKS = "-–—"
_MAY_BREAK = re.compile("[-–—@/.\u00ad\u200b]")
# Where an over-long token may be broken with a zero-width space (e-mails, paths, lists).
# Short pieces such as «п/п» or «т.д.» are never split.
_FORCED_BREAK = re.compile(r"(?<=@)(?=.)|(?<=\w{2}[/.])(?=[^\W\d_]{2})")
_SPACES = re.compile(r"[ \t\n]+")
# Two-line rotated headings (the grid's directions) need this many line heights across.
_ROTATED_LINES = 2.3
_LINE_HEIGHT = 1.15
# The width of an average character in ems: what a column declared N characters wide takes.
_CHAR_EM = 0.5


@lru_cache(maxsize=65536)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of ``text`` set on one line in Times New Roman of ``size`` points."""
    table = _BOLD if bold else _REGULAR
    em = sum(table.get(ch, _UNKNOWN_EM) for ch in text if ch not in (SOFT_HYPHEN, ZWSP))
    return em * size * _SAFETY


def _pieces(token: str, forced: bool) -> list[str]:
    """The parts of ``token`` between its break opportunities (a hyphen stays with the part
    before it); with ``forced`` also after «@», «/» and «.»."""
    if not _MAY_BREAK.search(token):
        return [token]  # most words: nothing inside them to break at
    if forced:
        token = _FORCED_BREAK.sub(ZWSP, token)
    parts: list[str] = []
    start = 0
    for i, ch in enumerate(token):
        if (ch in _NATURAL_BREAKS and 0 < i < len(token) - 1) or ch == ZWSP:
            parts.append(token[start : i + 1])
            start = i + 1
        elif ch == SOFT_HYPHEN:
            parts.append(token[start:i] + "-")
            start = i + 1
    parts.append(token[start:])
    return [p.replace(ZWSP, "") for p in parts if p.replace(ZWSP, "")]


def _words(text: str) -> list[str]:
    """Tokens between the spaces and line breaks where any text may wrap (a no-break space
    keeps its neighbours together)."""
    if "\t" in text or "\n" in text:
        return [w for w in _SPACES.split(text) if w]
    return [w for w in text.split(" ") if w]


def _least_split(word: str, size: float, bold: bool) -> float:
    """The narrowest width ``word`` needs when it may be hyphenated once."""
    best = text_width(word, size, bold)
    hyphen = text_width("-", size, bold)
    for i in hyphen_points(word):
        best = min(
            best, max(text_width(word[:i], size, bold) + hyphen, text_width(word[i:], size, bold))
        )
    return best


@dataclass(frozen=True)
class _Measure:
    """What one text asks of its column: its widest unbreakable piece (whole tokens, and
    with forced breaks), its longest line, and the sum of its lines."""

    least: float
    least_forced: float
    longest: float
    total: float


@lru_cache(maxsize=65536)
def _measure(text: str, size: float, bold: bool) -> _Measure:
    least = least_forced = longest = total = 0.0
    space = text_width(" ", size, bold)
    for line in text.split("\n"):
        width = -space
        for token in _words(line):
            whole, piece, forced = _token(token, size, bold)
            width += space + whole
            least = max(least, piece)
            least_forced = max(least_forced, forced)
        width = max(width, 0.0)
        longest = max(longest, width)
        total += width
    return _Measure(least, least_forced, longest, total)


@lru_cache(maxsize=65536)
def _token(token: str, size: float, bold: bool) -> tuple[float, float, float]:
    """A word's width, its widest piece between natural breaks, and with forced breaks
    (the same words recur in every row of a table: each is measured once)."""
    whole = text_width(token, size, bold)
    if not _MAY_BREAK.search(token):
        return whole, whole, whole
    return (
        whole,
        max(text_width(p, size, bold) for p in _pieces(token, False)),
        max(text_width(p, size, bold) for p in _pieces(token, True)),
    )


@lru_cache(maxsize=4096)
def _measure_heading(text: str, size: float) -> _Measure:
    """A heading (bold) may also be hyphenated: its forced least allows one hyphen a word."""
    m = _measure(text, size, True)
    least_forced = 0.0
    for token in _words(text):
        for piece in _pieces(token, True):
            clean = piece.rstrip("-–—")
            tail = text_width(piece[len(clean) :], size, True)
            least_forced = max(least_forced, _least_split(clean, size, True) + tail)
    return _Measure(m.least, least_forced, m.longest, m.total)


@dataclass
class ColumnFit:
    """Widths (points, summing to the total) and the texts adjusted to them."""

    widths: list[float]
    padding: float
    size: float
    _least_words: list[float]
    _rotated: frozenset[int] = frozenset()

    def room(self, i: int) -> float:
        """The width the text of column ``i`` may take (its width less the padding)."""
        return self.widths[i] - self.padding

    def heading(self, i: int, text: str) -> str:
        """Heading ``text`` of column ``i`` with soft hyphens in every word wider than the
        column (and zero-width spaces in a token like «ВПР/ОГЭ/ЕГЭ»); a turned heading runs
        along the height of its row and is left as it is."""
        if i in self._rotated:
            return text
        room = self.room(i)
        return self._rewrite(text, room, True, lambda w: _hyphenated(w, room, self.size))

    def heading_lines(self, i: int, text: str) -> str:
        """Heading ``text`` of column ``i`` for a spreadsheet, which has no soft hyphens: a
        word wider than the column is divided at syllables with a hyphen and a line break."""
        room = self.room(i)
        return self._rewrite(text, room, True, lambda w: _divided(w, room, self.size))

    def cell(self, i: int, text: str, bold: bool = False) -> str:
        """Body ``text`` of column ``i``: a token wider than the column (an e-mail) gets
        zero-width spaces where it may break; every other text is returned as it is."""
        room = self.room(i)
        if self._least_words[i] <= room or not text:
            return text
        if _measure(text, 1.0, bold).least * self.size <= room:
            return text
        return self._rewrite(text, room, bold, lambda w: _FORCED_BREAK.sub(ZWSP, w))

    def _rewrite(self, text: str, room: float, bold: bool, fix: Callable[[str], str]) -> str:
        """``text`` with ``fix`` applied to each word that has a piece wider than ``room``."""
        lines = []
        for line in text.split("\n"):
            words = [
                fix(word) if _widest_piece(word, self.size, bold) > room else word
                for word in line.split(" ")
            ]
            lines.append(" ".join(words))
        return "\n".join(lines)


def _widest_piece(word: str, size: float, bold: bool) -> float:
    return max((text_width(p, size, bold) for p in _pieces(word, False)), default=0.0)


def _divided(word: str, room: float, size: float) -> str:
    """``word`` cut into lines no wider than ``room`` at its syllables, each cut line ending
    with a hyphen (as far as its syllables allow); a compound wraps at its own hyphen."""
    out = []
    for part in re.split(r"(?<=[-–—])", word):
        lines = []
        while text_width(part, size, True) > room:
            fits = [
                i for i in hyphen_points(part) if text_width(part[:i] + "-", size, True) <= room
            ]
            if not fits:
                break
            lines.append(part[: fits[-1]] + "-")
            part = part[fits[-1] :]
        out.append("\n".join([*lines, part]))
    return "".join(out)


def _hyphenated(word: str, room: float, size: float) -> str:
    """A heading word too wide for ``room``: a zero-width space after each «/», soft hyphens
    in each of its parts (between hyphens and slashes) still too wide."""
    out = []
    for part in re.split(
        r"(?<=[-–—\u00ad])", _FORCED_BREAK.sub(ZWSP, word) if "/" in word else word
    ):
        if SOFT_HYPHEN not in part and text_width(part, size, True) > room:
            part = hyphenate(part)
        out.append(part)
    return "".join(out)


def _bisect(f: Callable[[float], float], low: float, high: float, target: float) -> float:
    """The argument in [low, high] where the monotonic ``f`` reaches ``target`` (whichever
    way it runs), to well under a point."""
    rising = f(high) > f(low)
    for _ in range(60):
        mid = (low + high) / 2 if low <= 0 else math.sqrt(low * high)
        if (f(mid) < target) == rising:
            low = mid
        else:
            high = mid
    return high if rising else low


@dataclass(frozen=True)
class TableText:
    """What a table's text asks of its columns, measured once in ems (every width is
    proportional to the font size): per column the widest unbreakable piece with whole
    words (``soft``) and with headings hyphenated and e-mails broken (``hard``), the
    longest line and the mean text of a row (``demand``)."""

    columns: tuple[Column, ...]
    soft: tuple[float, ...]
    hard: tuple[float, ...]
    natural: tuple[float, ...]
    demand: tuple[float, ...]
    body_least: tuple[float, ...]
    rotated: frozenset[int]

    @property
    def blank(self) -> bool:
        """A blank form: at most one column (the numbers) holds any text."""
        return sum(1 for d in self.demand if d > 0) <= 1


def measure_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    header: bool = True,
    bold: Collection[int] = (),
    rotated: Collection[int] = (),
    break_body: bool = True,
) -> TableText:
    """Measure the cleaned texts ``rows`` (``\\n`` breaks lines) and the bold headings of
    ``columns`` (a ``rotated`` heading runs along its row and needs only two line heights
    across). Without ``break_body`` only headings may be broken (a spreadsheet keeps its
    data whole)."""
    n = len(columns)
    bold_cols = frozenset(bold)
    rotated_cols = frozenset(rotated)
    least = [0.0] * n
    forced = [0.0] * n
    longest = [0.0] * n
    demand = [0.0] * n
    for values in rows:
        for i, text in enumerate(values[:n]):
            if not text:
                continue
            m = _measure(text, 1.0, i in bold_cols)
            if m.least > least[i]:
                least[i] = m.least
            if m.least_forced > forced[i]:
                forced[i] = m.least_forced
            if m.longest > longest[i]:
                longest[i] = m.longest
            demand[i] += m.total
    count = max(len(rows), 1)
    soft, hard, natural = [], [], []
    for i, column in enumerate(columns):
        if i in rotated_cols:
            across = _ROTATED_LINES * _LINE_HEIGHT
            head = _Measure(across, across, across, 0.0)
        elif header:
            head = _measure_heading(column.header, 1.0)
        else:
            head = _Measure(0.0, 0.0, 0.0, 0.0)
        soft.append(max(least[i], head.least))
        hard.append(max(forced[i] if break_body else least[i], head.least_forced))
        natural.append(max(longest[i], head.longest, soft[-1]))
    return TableText(
        tuple(columns),
        tuple(soft),
        tuple(hard),
        tuple(natural),
        tuple(d / count for d in demand),
        tuple(least),
        rotated_cols,
    )


def _extra(padding: float) -> float:
    return padding + _ROUNDING


def natural_width(text: TableText, size: float, *, padding: float) -> float:
    """The total width in points at which every line of the table fits unwrapped."""
    return sum(w * size + _extra(padding) for w in text.natural)


def least_width(text: TableText, size: float, *, padding: float, hyphenated: bool = False) -> float:
    """The least total width in points at which no word or heading word needs breaking
    (``hyphenated``: with headings hyphenated and, if measured so, e-mails broken)."""
    return sum(w * size + _extra(padding) for w in (text.hard if hyphenated else text.soft))


def fitting_size(
    text: TableText,
    total: float,
    size: float,
    *,
    least_size: float,
    paddings: Sequence[float],
) -> tuple[float, float]:
    """The font size and cell padding (points) for a table: the largest size, in half
    points from ``size`` down to ``least_size``, at which every word and heading word fits
    ``total`` side by side, with the wider padding if it can. Whole heading words are worth
    up to one point of size; below that, headings are hyphenated (and e-mails broken)
    rather than the text made smaller. The least size and padding when nothing fits."""
    steps = max(0, int(round((size - least_size) * 2)))
    sizes = [size - k / 2 for k in range(steps + 1)]
    soft, hard = sum(text.soft), sum(text.hard)
    n = len(text.columns)
    for s in sizes:
        if s < size - 1:
            break
        for p in paddings:
            if soft * s + n * _extra(p) <= total:
                return s, p
    for s in sizes:
        for p in paddings:
            if hard * s + n * _extra(p) <= total:
                return s, p
    return min(size, least_size), paddings[-1]


def fit_columns(text: TableText, total: float, size: float, *, padding: float) -> ColumnFit:
    """Widths in points for the measured table, adding up to ``total``, at ``size``
    points with ``padding`` points of cell margins per column.

    Each column gets at least its longest word (body and heading); when the words do not
    all fit, headings are hyphenated and e-mails may break after «@» or «.», and only when
    even that fails are the columns scaled down. Between the least and the one-line widths
    the room goes where the text is long, so that the cells of a row take about as many
    lines; when every line fits, the rest grows a filled column by its text and an empty
    one by its declared width, and a blank form shares all its room by declared widths."""
    n = len(text.columns)
    if not n:
        return ColumnFit([], padding, size, [])
    extra = _extra(padding)
    soft = [w * size + extra for w in text.soft]
    hard = [w * size + extra for w in text.hard]
    least = list(soft)
    if sum(least) > total:
        # Hyphenate headings and break e-mails, the columns that gain most first.
        for i in sorted(range(n), key=lambda j: hard[j] - soft[j]):
            least[i] = hard[i]
            if sum(least) <= total:
                break
    if not text.blank:
        # A column left empty (a date or signature to write by hand) keeps its declared
        # width when the words of the others leave room for it.
        floors = [
            max(lo, c.width * size * _CHAR_EM + padding) if d == 0 else lo
            for c, lo, d in zip(text.columns, least, text.demand, strict=True)
        ]
        if sum(floors) <= total:
            least = floors
    most = [max(w * size + extra, m) for w, m in zip(text.natural, least, strict=True)]
    demand = [d * size for d in text.demand]
    if text.blank:
        # Room to write by hand, shared by the declared widths.
        most = least
    if sum(least) > total:
        widths = [w * total / sum(least) for w in least]
    elif sum(most) <= total:
        weights = [
            m if d > 0 and not text.blank else max(c.width, 0.01) * size * _CHAR_EM + padding
            for c, m, d in zip(text.columns, most, demand, strict=True)
        ]

        def spread(s: float) -> float:
            return sum(max(m, s * w) for m, w in zip(most, weights, strict=True))

        s = _bisect(spread, 0.0, total / min(weights), total)
        widths = [max(m, s * w) for m, w in zip(most, weights, strict=True)]
    else:

        def clamp(h: float) -> list[float]:
            return [min(hi, max(lo, d / h)) for d, lo, hi in zip(demand, least, most, strict=True)]

        widths = clamp(_bisect(lambda h: sum(clamp(h)), 1e-6, 1e6, total))
    widest = max(range(n), key=lambda j: widths[j])
    widths[widest] += total - sum(widths)
    return ColumnFit(widths, padding, size, [w * size for w in text.body_least], text.rotated)


@lru_cache(maxsize=65536)
def line_count(text: str, room: float, size: float, bold: bool = False) -> int:
    """How many lines ``text`` takes wrapped greedily by words into ``room`` points (an
    over-long word counted as broken)."""
    space = text_width(" ", size, bold)
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0.0
        for word in _words(paragraph):
            width = text_width(word, size, bold)
            if used == 0:
                used = width
            elif used + space + width <= room:
                used += space + width
            else:
                lines += 1
                used = width
            while used > room > 0:
                lines += 1
                used -= room
        total += lines
    return total
