"""Small text and date helpers shared by every service: Russian date format, name parts,
where a long word may be hyphenated."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

# The months in the nominative, lower case («январь» … «декабрь»): plans and roadmap terms.
MONTHS = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)

_DATE_RE = re.compile(r"^\s*(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{2}|\d{4})\s*(?:г\.?|года)?\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")
# Characters XML 1.0 cannot hold; text pasted from Word sometimes carries them.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def format_date(value: dt.date | None) -> str:
    """``ДД.ММ.ГГГГ`` or an empty string."""
    # The same text as ``strftime("%d.%m.%Y")`` at half the cost: documents and «Сегодня»
    # format thousands of dates.
    return f"{value.day:02d}.{value.month:02d}.{value.year}" if value else ""


def parse_date(text: str) -> dt.date | None:
    """Parse ``ДД.ММ.ГГГГ`` (also ``Д.М.ГГ``, ``-``/``/`` separators) or ISO ``ГГГГ-ММ-ДД``.

    Returns None for an empty string; raises ``ValueError`` with a Russian message when the
    text is not a real date."""
    text = (text or "").strip()
    if not text:
        return None
    m = _DATE_RE.match(text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if year < 100:
            year += 2000 if year <= dt.date.today().year % 100 else 1900
    else:
        m = _ISO_RE.match(text)
        if not m:
            raise ValueError(f"«{text}» — не дата; нужен формат ДД.ММ.ГГГГ")
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"Такой даты нет: {text}") from None


# Word's manual line break (Shift+Enter) and page break arrive as \x0b and \x0c in pasted
# text: they separate words, so they become a space (or a line break) rather than vanish.
_WORD_BREAKS = re.compile("[\x0b\x0c]")


def clean_text(value: object) -> str:
    """A single-line, trimmed string with runs of spaces folded and XML-illegal chars removed."""
    if value is None:
        return ""
    text = _XML_BAD.sub("", _WORD_BREAKS.sub(" ", str(value))).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def clean_multiline(value: object) -> str:
    """Like :func:`clean_text` but keeps line breaks (for notes and long fields)."""
    if value is None:
        return ""
    text = _XML_BAD.sub("", _WORD_BREAKS.sub("\n", str(value)))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.split("\n")]
    return "\n".join(lines).strip()


def full_name(last: str, first: str, middle: str = "") -> str:
    """«Фамилия Имя Отчество» without extra spaces."""
    return " ".join(p for p in (last, first, middle) if p)


def initials_name(last: str, first: str, middle: str = "") -> str:
    """«И.О. Фамилия» with no-break spaces, the form used under signatures."""
    ini = "".join(f"{p[0]}." for p in (first, middle) if p)
    return f"{ini}\u00a0{last}" if ini else last


def fold(text: str) -> str:
    """Case- and ё-insensitive form of ``text`` for search and sorting («Ёлкина» ~ «елкина»)."""
    return text.lower().replace("ё", "е")


def name_key(last: str, first: str = "", middle: str = "") -> str:
    """A comparison key for a full name: case-, ё- and space-insensitive."""
    joined = " ".join(p for p in (last, first, middle) if p)
    return fold(re.sub(r"\s+", " ", joined).strip())


def smart_capitalize(word: str) -> str:
    """«ИВАНОВА-ПЕТРОВА» / «иванова» → «Иванова-Петрова»; mixed case is kept as typed."""
    if word.isupper() or word.islower():
        return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))
    return word


def lower_first(text: str) -> str:
    """Lower the first letter for the middle of a sentence, unless the first word is an
    abbreviation («УВР-…», «ИТ-специалист»)."""
    first_word = text.split(" ", 1)[0]
    if sum(ch.isupper() for ch in first_word) > 1:
        return text
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    """Upper-case the first letter (a phrase that starts a point of an order)."""
    return text[:1].upper() + text[1:]


SOFT_HYPHEN = "\u00ad"
_VOWELS = frozenset("аеёиоуыэюяaeiouy")
_SIGNS = frozenset("йьъ")  # letters that never start a syllable
_LETTERS = re.compile(r"[А-Яа-яЁёA-Za-z]+")
_LONG_WORD = re.compile(r"[А-Яа-яЁё]{8,}")


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
            or (left[-1] == "g" and right[0] == "g" and len(right) >= 2)
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
    cuts = [0, *points, len(word)]
    return SOFT_HYPHEN.join(word[a:b] for a, b in zip(cuts, cuts[1:], strict=False))


def soft_hyphens(text: str, too_long: Callable[[str], bool] | None = None) -> str:
    """``text`` with soft hyphens where its long Russian words may be split, so a narrow
    table cell breaks «первооче-/редной» instead of «первоочередно/й» (for display only).
    With ``too_long``, only the words it names (those wider than the cell) get them: a word
    that fits a line moves to the next one whole. The same rules as the printed tables'
    (``hyphenate``)."""

    def split(match: re.Match[str]) -> str:
        word = match.group()
        return word if too_long is not None and not too_long(word) else hyphenate(word)

    return _LONG_WORD.sub(split, text)


def plural(n: int, one: str, few: str, many: str) -> str:
    """«1 школа», «3 школы», «11 школ»: ``n`` with the Russian word form it takes."""
    tail = n % 100
    if n % 10 == 1 and tail != 11:
        word = one
    elif 2 <= n % 10 <= 4 and not 12 <= tail <= 14:
        word = few
    else:
        word = many
    return f"{n} {word}"
