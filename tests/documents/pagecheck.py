"""Checks of documents as printed: LibreOffice renders them to PDF, pdftotext reads the pages
back, and each page is judged as a director would — no word broken inside, no page holding
only a stamp, signature lines or a heading, page numbers running on without a gap."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

SOFT_HYPHEN = "\u00ad"
# Words a page header or footer prints from a field (Excel's «Страница 1 из 2»).
FIELD_WORDS = {"страница", "из", "лист"}
_WORD = re.compile(r"[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁёA-Za-z]+)*")
_CELL_JOIN = re.compile(r"(?<=[а-яё])(?=[А-ЯЁ])")
_XML_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<t(?: [^>]*)?>([^<]*)</t>")
_STAMP = re.compile(
    r"^(приложение( \d+)?|к приказу.*|к программе.*|от .*№.*|утверждено.*|утверждаю.*|"
    r"согласовано.*|приказом .*|педагогическим советом.*|протокол.*|директор.*|"
    r"мбоу.*|«.*»)$",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(
    r"^[\s_.«»\"()/,–—-]*$|^.*_{3,}.*$|^(директор|наставник|наставляемый|"
    r"куратор|подпись|дата|с приказом ознакомлен).*$",
    re.IGNORECASE,
)


def render(files: Iterable[Path], out_dir: Path) -> dict[Path, Path]:
    """Convert every file to PDF in ONE LibreOffice run (its start costs seconds); returns
    source → PDF. A private profile keeps parallel runs apart."""
    files = list(files)
    # LibreOffice names each PDF after its source's stem, so «база.docx» and «база.xlsx» would
    # write one PDF: every file goes in under a name of its own.
    staging = out_dir / "sources"
    staging.mkdir(parents=True, exist_ok=True)
    staged = {f: staging / f"{i:03d}{f.suffix}" for i, f in enumerate(files)}
    for source, copy in staged.items():
        shutil.copyfile(source, copy)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                *map(str, staged.values()),
            ],
            capture_output=True,
            timeout=600,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return {f: out_dir / (copy.stem + ".pdf") for f, copy in staged.items()}


def pages(pdf: Path) -> list[str]:
    """The text of each page as laid out (``pdftotext -layout``: lines as printed, a word
    split at the end of a line stays split instead of being joined back)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    parts = text.split("\f")
    return parts[:-1] if parts and not parts[-1].strip() else parts


def source_words(document: Path) -> set[str]:
    """Every word the file holds (DOCX: body, headers, footers; XLSX: shared and inline
    strings), with soft hyphens removed, lower-cased."""
    words: set[str] = set()
    with zipfile.ZipFile(document) as z:
        for name in z.namelist():
            if not name.endswith(".xml"):
                continue
            xml = z.read(name).decode("utf-8", errors="replace")
            for a, b in _XML_TEXT.findall(xml):
                chunk = (a or b).replace(SOFT_HYPHEN, "")
                words.update(w.lower() for w in _WORD.findall(_unescape(chunk)))
    # a compound may wrap at its own hyphen («Научно-» / «теоретическое»): its parts count
    words.update(part for w in list(words) if "-" in w for part in w.split("-") if part)
    return words


def _unescape(text: str) -> str:
    return html.unescape(text)


@dataclass
class Verdict:
    """What the check found in one rendered document."""

    pages: int
    broken: list[str] = field(default_factory=list)  # «page N: Должнос|ть»
    lonely: list[int] = field(default_factory=list)  # pages with only a stamp/signature/heading
    numbering: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.broken or self.lonely or self.numbering)


def broken_words(page_texts: list[str], vocabulary: set[str]) -> list[str]:
    """Tokens of the printed pages that are no word of the source: a word split inside with
    no hyphen. A split at a hyphen or soft hyphen («Долж-» + «ность») is allowed when the
    two halves make a source word."""
    found: list[str] = []
    for number, text in enumerate(page_texts, start=1):
        tokens = _WORD.findall(text.replace(SOFT_HYPHEN, "-"))
        lines = [ln for ln in text.splitlines() if ln.strip()]
        joined_ok: set[str] = set()
        for first, second in zip(lines, lines[1:], strict=False):
            a = _WORD.findall(first)
            b = _WORD.findall(second)
            if a and b:
                tail = a[-1].rstrip("-")
                whole = (tail + b[0]).lower()
                if whole in vocabulary or (a[-1].lower() + b[0].lower()) in vocabulary:
                    if first.rstrip().endswith("-"):
                        joined_ok.update({a[-1].lower(), b[0].lower(), tail.lower()})
                    elif whole in vocabulary and tail.lower() not in vocabulary:
                        found.append(f"стр. {number}: {tail}|{b[0]}")
        joined_ok.update(_table_splits(lines, vocabulary))
        # pdftotext may run two table cells together when the first fills its column
        # («СергеевнаПедагог»): a capital after a small letter starts the next cell's word
        # (a word of the source such as «ВсОШ» stays whole)
        tokens = [
            part
            for token in tokens
            for part in ([token] if token.lower() in vocabulary else _CELL_JOIN.split(token))
            if part
        ]
        for token in tokens:
            low = token.lower()
            if (
                low in vocabulary
                or low in joined_ok
                or low in FIELD_WORDS
                or low.isdigit()
                or len(low) < 2
            ):
                continue
            parts = low.split("-")
            if all(p in vocabulary for p in parts if p):
                continue
            found.append(f"стр. {number}: «{token}»")
    return sorted(set(found))


def _table_splits(lines: list[str], vocabulary: set[str], reach: int = 3) -> set[str]:
    """Parts of words hyphenated inside a table cell: in the laid-out text a first part
    («настав-») ends with a hyphen in the middle of a line (other columns follow it) and the
    next part («ничества») is on one of the next few lines, perhaps hyphenated again
    («нас-» «тав-» «ляемых»). The parts (the first with its leading compound part,
    «Научно-теорети») count as words when they join into one."""
    prefixes = {w[:i] for w in vocabulary for i in range(1, len(w))}
    halves: set[str] = set()

    def follow(start: int, head: str, parts: list[str]) -> None:
        for j in range(start, min(start + reach, len(lines))):
            for m in _WORD.finditer(lines[j]):
                joined = (head + m.group()).lower()
                if joined in vocabulary:
                    halves.update(p.lower() for p in [*parts, m.group()])
                elif joined in prefixes and lines[j][m.end() : m.end() + 1] in ("-", SOFT_HYPHEN):
                    follow(j + 1, head + m.group(), [*parts, m.group()])

    for i, line in enumerate(lines):
        for m in _WORD.finditer(line):
            if line[m.end() : m.end() + 1] in ("-", SOFT_HYPHEN):
                follow(i + 1, m.group(), [m.group()])
    return halves


def lonely_pages(page_texts: list[str]) -> list[int]:
    """Pages whose text is only a stamp, only signature lines, or only a heading (a page
    number aside)."""
    lonely: list[int] = []
    for number, text in enumerate(page_texts, start=1):
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        lines = [ln for ln in lines if not ln.isdigit()]
        if not lines:
            continue  # an empty page is caught by the page count, not here
        if (
            all(_STAMP.match(ln) or _SIGNATURE.match(ln) for ln in lines)
            or len(lines) == 1
            and len(lines[0]) < 120
        ):
            lonely.append(number)
    return lonely


def numbering_problems(page_texts: list[str], first_numbered: int = 2) -> list[str]:
    """Page numbers printed at the top must run 2, 3, … from the second page on, with none
    on the first (ГОСТ Р 7.0.97: numbers from page 2, centred at the top)."""
    problems: list[str] = []
    for number, text in enumerate(page_texts, start=1):
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        top = lines[0] if lines else ""
        if number < first_numbered:
            if top.isdigit() and len(lines) > 1:
                problems.append(f"стр. {number}: номер «{top}» на первой странице")
            continue
        # pdftotext may put a rotated table heading above the number: look a few lines in
        if not any(ln == str(number) for ln in lines[:5] + lines[-2:]):
            problems.append(f"стр. {number}: нет номера {number} (вверху «{top[:30]}»)")
    return problems


def judge(document: Path, pdf: Path, numbered: bool) -> Verdict:
    texts = pages(pdf)
    return Verdict(
        pages=len(texts),
        broken=broken_words(texts, source_words(document)),
        lonely=lonely_pages(texts),
        numbering=numbering_problems(texts) if numbered else [],
    )
