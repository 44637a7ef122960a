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

from app.reports.font_metrics import BOLD, CHARS, REGULAR
from app.reports.table import Column

SOFT_HYPHEN = "\u00ad"
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
# Where an over-long token may be broken with a zero-width space (e-mails, paths, lists).
# Short pieces such as «п/п» or «т.д.» are never split.
_FORCED_BREAK = re.compile(r"(?<=@)(?=.)|(?<=\w{2}[/.])(?=[^\W\d_]{2})")
_VOWELS = frozenset("аеёиоуыэюяaeiouy")
_SIGNS = frozenset("йьъ")
_LETTERS = re.compile(r"[А-Яа-яЁёA-Za-z]+")
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
    return [w for w in _SPACES.split(text) if w]


def _syllable_points(word: str) -> list[int]:
    """Where a run of letters may be hyphenated, by the classic rules of Russian syllable
    division: no single letter left on a line, «й», «ь», «ъ» stay with the letter before
    them, a vowel on each side."""
    if len(word) < 5:
        return []
    kinds = "".join("g" if c in _VOWELS else "x" if c in _SIGNS else "s" for c in word.lower())
    points = []
    for i in range(2, len(word) - 1):
        left, right = kinds[:i], kinds[i:]
        if right[0] == "x" or "g" not in left or "g" not in right:
            continue
        if (
            left[-1] == "x"
            or (left.endswith(("gs", "sg")) and right.startswith("sg"))
            or (left.endswith(("gs", "gss")) and right.startswith("ssg"))
            or (left.endswith("gss") and right.startswith("sg"))
        ):
            points.append(i)
    return points


def hyphen_points(word: str) -> list[int]:
    """Indices in ``word`` (a token: «предмет(ы),», «Научно-методический») where a line may
    break with a hyphen: the syllable points of each of its runs of letters."""
    points: list[int] = []
    for m in _LETTERS.finditer(word):
        for i in _syllable_points(m.group()):
            # Never a lone letter between two points («Дол-ж-ность»).
            if not points or m.start() + i - points[-1] >= 2:
                points.append(m.start() + i)
    return points


def hyphenate(word: str) -> str:
    """``word`` with a soft hyphen at every point where it may be divided."""
    points = hyphen_points(word)
    if not points:
        return word
    out, start = [], 0
    for i in points:
        out.append(word[start:i])
        start = i
    out.append(word[start:])
    return SOFT_HYPHEN.join(out)


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
    for line in text.split("\n"):
        width = text_width(line.strip(), size, bold)
        longest = max(longest, width)
        total += width
        for token in _words(line):
            least = max(least, max(text_width(p, size, bold) for p in _pieces(token, False)))
            least_forced = max(
                least_forced, max(text_width(p, size, bold) for p in _pieces(token, True))
            )
    return _Measure(least, least_forced, longest, total)


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
        if _measure(text, self.size, bold).least <= room:
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
class _Bounds:
    """Per column: the least width with whole words (``soft``) and with hyphenated headings
    and broken e-mails (``hard``), the one-line width, the mean text per row, the body's
    widest word (all in points, padding included where it is a width)."""

    soft: list[float]
    hard: list[float]
    natural: list[float]
    demand: list[float]
    body_least: list[float]


def _bounds(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    size: float,
    padding: float,
    header: bool,
    bold: Collection[int],
    rotated: Collection[int],
    break_body: bool = True,
) -> _Bounds:
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
            m = _measure(text, size, i in bold_cols)
            least[i] = max(least[i], m.least)
            forced[i] = max(forced[i], m.least_forced)
            longest[i] = max(longest[i], m.longest)
            demand[i] += m.total
    count = max(len(rows), 1)
    soft, hard, natural = [], [], []
    for i, column in enumerate(columns):
        if i in rotated_cols:
            across = _ROTATED_LINES * _LINE_HEIGHT * size
            head = _Measure(across, across, across, 0.0)
        elif header:
            head = _measure_heading(column.header, size)
        else:
            head = _Measure(0.0, 0.0, 0.0, 0.0)
        soft.append(max(least[i], head.least) + padding + _ROUNDING)
        hard.append(
            max(forced[i] if break_body else least[i], head.least_forced) + padding + _ROUNDING
        )
        natural.append(max(longest[i], head.longest) + padding)
    return _Bounds(soft, hard, natural, [d / count for d in demand], least)


def natural_width(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    size: float,
    *,
    padding: float,
    header: bool = True,
) -> float:
    """The total width in points at which every line of ``rows`` and of the headings fits
    unwrapped (at least the least width)."""
    b = _bounds(columns, rows, size, padding, header, (), ())
    return sum(max(s, n) for s, n in zip(b.soft, b.natural, strict=True))


def least_width(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    size: float,
    *,
    padding: float,
    header: bool = True,
) -> float:
    """The least total width in points at which no word of ``rows`` or of the headings
    needs breaking (see :func:`fit_columns`)."""
    return sum(_bounds(columns, rows, size, padding, header, (), ()).soft)


def fitting_size(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    total: float,
    size: float,
    *,
    least_size: float,
    paddings: Sequence[float],
    header: bool = True,
    bold: Collection[int] = (),
    rotated: Collection[int] = (),
) -> tuple[float, float]:
    """The font size and cell padding (points) for a table: the largest size, in half
    points from ``size`` down to ``least_size``, at which every word of ``rows`` and of the
    headings fits ``total`` side by side, with the wider padding if it can. Whole heading
    words are worth up to one point of size; below that, headings are hyphenated (and
    e-mails broken) rather than the text made smaller. The least size and padding when
    nothing fits."""
    steps = max(0, int(round((size - least_size) * 2)))
    sizes = [size - k / 2 for k in range(steps + 1)]
    n = len(columns)
    sums: dict[float, tuple[float, float]] = {}

    def least(s: float, p: float, hard: bool) -> float:
        # Padding adds the same to every column: measure each size once.
        if s not in sums:
            b = _bounds(columns, rows, s, 0.0, header, bold, rotated)
            sums[s] = (sum(b.soft), sum(b.hard))
        return sums[s][hard] + n * p

    for s in sizes:
        if s < size - 1:
            break
        for p in paddings:
            if least(s, p, False) <= total:
                return s, p
    for s in sizes:
        for p in paddings:
            if least(s, p, True) <= total:
                return s, p
    return min(size, least_size), paddings[-1]


def fit_columns(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    total: float,
    size: float,
    *,
    padding: float,
    header: bool = True,
    bold: Collection[int] = (),
    rotated: Collection[int] = (),
    break_body: bool = True,
) -> ColumnFit:
    """Widths in points for ``columns`` holding the cleaned texts ``rows`` (``\\n`` breaks
    lines), adding up to ``total``, at ``size`` points with ``padding`` points of cell
    margins per column.

    Each column gets at least its longest word (body and bold heading; a ``rotated`` heading
    only needs two line heights); when the words do not all fit, headings are hyphenated and
    e-mails may break after «@» or «.», and only when even that fails are the columns scaled
    down. Between the least and the one-line widths the room goes where the text is long,
    so that the cells of a row take about as many lines; when every line fits, the rest is
    shared by the columns' declared widths, as is all the room of a blank form. Without
    ``break_body`` only headings are broken (a spreadsheet keeps its data whole)."""
    n = len(columns)
    if not n:
        return ColumnFit([], padding, size, [])
    bounds = _bounds(columns, rows, size, padding, header, bold, rotated, break_body)
    least = list(bounds.soft)
    if sum(least) > total:
        # Hyphenate headings and break e-mails, the columns that gain most first.
        for i in sorted(range(n), key=lambda j: bounds.hard[j] - bounds.soft[j]):
            least[i] = bounds.hard[i]
            if sum(least) <= total:
                break
    most = [max(w, m) for w, m in zip(bounds.natural, least, strict=True)]
    blank = sum(1 for d in bounds.demand if d > 0) <= 1
    if blank:
        # A blank form (at most its numbers filled in): room to write by hand, shared by
        # the declared widths.
        most = least
    if sum(least) > total:
        widths = [w * total / sum(least) for w in least]
    elif sum(most) <= total:
        # The rest grows a filled column by its text and an empty one (to write in by
        # hand) by its declared width in characters.
        weights = [
            n if d > 0 and not blank else max(c.width, 0.01) * size * _CHAR_EM + padding
            for c, n, d in zip(columns, most, bounds.demand, strict=True)
        ]

        def spread(s: float) -> float:
            return sum(max(m, s * w) for m, w in zip(most, weights, strict=True))

        s = _bisect(spread, 0.0, total / min(weights), total)
        widths = [max(m, s * w) for m, w in zip(most, weights, strict=True)]
    else:

        def clamp(h: float) -> list[float]:
            return [
                min(hi, max(lo, d / h))
                for d, lo, hi in zip(bounds.demand, least, most, strict=True)
            ]

        widths = clamp(_bisect(lambda h: sum(clamp(h)), 1e-6, 1e6, total))
    widest = max(range(n), key=lambda j: widths[j])
    widths[widest] += total - sum(widths)
    return ColumnFit(widths, padding, size, bounds.body_least, frozenset(rotated))


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
