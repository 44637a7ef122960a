"""What each kind of order appendix holds, as one type per kind, and its stored JSON form.

``OrderAppendix.content`` (JSON) is read and written only here: ``content_from_json`` on the
way out of the database, ``to_json`` on the way in. The editor (``app.ui.orders``), the
printer (``order_document``) and the prefill (``order_prefill``) work with the types. Adding
a column to one appendix touches its type here, its editor and its printer; the stored shape
is the one the orders have always had, so old databases and exchange files load unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar


def _text(data: Mapping[str, Any], key: str) -> str:
    return str(data.get(key, ""))


def _id(value: Any) -> int | None:
    return None if value is None else int(value)


# --- roadmap (дорожная карта) ----------------------------------------------------------------


@dataclass
class RoadmapRow:
    """Мероприятие | Сроки | Ответственные."""

    FIELDS: ClassVar[tuple[str, ...]] = ("event", "deadline", "responsible")

    event: str = ""
    deadline: str = ""
    responsible: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RoadmapRow:
        return cls.from_cells([_text(data, k) for k in cls.FIELDS])

    @classmethod
    def from_cells(cls, cells: list[str]) -> RoadmapRow:
        event, deadline, responsible = cells
        return cls(event, deadline, responsible)

    def to_json(self) -> dict[str, Any]:
        return dict(zip(self.FIELDS, self.cells(), strict=True))

    def cells(self) -> list[str]:
        return [self.event, self.deadline, self.responsible]


@dataclass
class Roadmap:
    """The roadmap of the implementation order: a table of events."""

    rows: list[RoadmapRow] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Roadmap:
        return cls([RoadmapRow.from_json(r) for r in data.get("rows", [])])

    def to_json(self) -> dict[str, Any]:
        return {"rows": [r.to_json() for r in self.rows]}

    def printed_rows(self) -> list[list[str]]:
        """Numbered from 1: № | event | deadline | responsible."""
        return [[str(i), *r.cells()] for i, r in enumerate(self.rows, start=1)]


# --- regulation and other texts (положение) ------------------------------------------------


@dataclass
class Section:
    """A heading and its paragraphs."""

    heading: str = ""
    paragraphs: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Section:
        return cls(_text(data, "heading"), [str(p) for p in data.get("paragraphs", [])])

    def to_json(self) -> dict[str, Any]:
        return {"heading": self.heading, "paragraphs": list(self.paragraphs)}


@dataclass
class Regulation:
    """A text appendix (the regulation): sections, and the teachers' council protocol that
    agreed it, printed in its «СОГЛАСОВАНО» stamp when the appendix is approved by the order."""

    sections: list[Section] = field(default_factory=list)
    council_date: str = ""
    council_number: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Regulation:
        return cls(
            [Section.from_json(s) for s in data.get("sections", [])],
            _text(data, "council_date"),
            _text(data, "council_number"),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "sections": [s.to_json() for s in self.sections],
            "council_date": self.council_date,
            "council_number": self.council_number,
        }


# --- the forms of the bases (базы наставников и наставляемых) --------------------------------


@dataclass
class BaseForm:
    """The form of a base: its headings with blank rows, or filled with the current data."""

    with_data: bool = False
    blank_rows: int = 3

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BaseForm:
        return cls(bool(data.get("with_data")), int(str(data.get("blank_rows", 3)) or 3))

    def to_json(self) -> dict[str, Any]:
        return {"with_data": self.with_data, "blank_rows": self.blank_rows}


# --- the pairs table (список наставнических пар) ---------------------------------------------


@dataclass
class PairsRow:
    """Mentor with position | mentees, one per line | form | dates; the pair it came from
    (None for a row typed by hand)."""

    FIELDS: ClassVar[tuple[str, ...]] = ("mentor", "mentees", "form", "dates")

    mentor: str = ""
    mentees: str = ""
    form: str = ""
    dates: str = ""
    pair_id: int | None = None

    @classmethod
    def from_cells(cls, cells: list[str], pair_id: int | None) -> PairsRow:
        mentor, mentees, form, dates = cells
        return cls(mentor, mentees, form, dates, pair_id)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PairsRow:
        return cls.from_cells([_text(data, k) for k in cls.FIELDS], _id(data.get("pair_id")))

    def to_json(self) -> dict[str, Any]:
        return {**dict(zip(self.FIELDS, self.cells(), strict=True)), "pair_id": self.pair_id}

    def cells(self) -> list[str]:
        return [self.mentor, self.mentees, self.form, self.dates]


@dataclass
class PairsTable:
    """The pairs an order fixes and its table as printed: a copy of the rows, so a signed
    order does not change when a pair is edited later."""

    pair_ids: list[int] = field(default_factory=list)
    rows: list[PairsRow] = field(default_factory=list)

    @classmethod
    def of_rows(cls, rows: list[PairsRow]) -> PairsTable:
        """The table of ``rows``, fixing the pairs they came from."""
        return cls([r.pair_id for r in rows if r.pair_id is not None], rows)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PairsTable:
        return cls(
            [int(i) for i in data.get("pair_ids", []) or [] if i is not None],
            [PairsRow.from_json(r) for r in data.get("rows", []) or [] if isinstance(r, Mapping)],
        )

    def to_json(self) -> dict[str, Any]:
        return {"pair_ids": list(self.pair_ids), "rows": [r.to_json() for r in self.rows]}

    def named_pair_ids(self) -> list[int]:
        """The pairs the table names (``pair_ids`` and each row's pair), each once."""
        ids = [*self.pair_ids, *(r.pair_id for r in self.rows if r.pair_id is not None)]
        return list(dict.fromkeys(ids))

    def printed_rows(self) -> list[list[str]]:
        """Numbered from 1: № | mentor | mentees | form | dates."""
        return [[str(i), *r.cells()] for i, r in enumerate(self.rows, start=1)]


# --- the results table (итоги реализации программ) -------------------------------------------


@dataclass
class ResultRow:
    """Pair | program and dates | roadmap done | result; the program it came from."""

    FIELDS: ClassVar[tuple[str, ...]] = ("pair", "program", "done", "result")

    pair: str = ""
    program: str = ""
    done: str = ""
    result: str = ""
    program_id: int | None = None

    @classmethod
    def from_cells(cls, cells: list[str], program_id: int | None) -> ResultRow:
        pair, program, done, result = cells
        return cls(pair, program, done, result, program_id)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ResultRow:
        return cls.from_cells([_text(data, k) for k in cls.FIELDS], _id(data.get("program_id")))

    def to_json(self) -> dict[str, Any]:
        return {**dict(zip(self.FIELDS, self.cells(), strict=True)), "program_id": self.program_id}

    def cells(self) -> list[str]:
        return [self.pair, self.program, self.done, self.result]


@dataclass
class ResultsTable:
    """The results order's table, kept as typed by the curator."""

    rows: list[ResultRow] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ResultsTable:
        return cls([ResultRow.from_json(r) for r in data.get("rows", [])])

    def to_json(self) -> dict[str, Any]:
        return {"rows": [r.to_json() for r in self.rows]}

    def printed_rows(self) -> list[list[str]]:
        """Numbered from 1: № | pair | program | done | result."""
        return [[str(i), *r.cells()] for i, r in enumerate(self.rows, start=1)]


# --- a program approved by the order ---------------------------------------------------------


@dataclass
class ProgramAppendix:
    """The program an approving order prints as its appendix (from its current data)."""

    program_id: int | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ProgramAppendix:
        return cls(_id(data.get("program_id")))

    def to_json(self) -> dict[str, Any]:
        return {"program_id": self.program_id}


@dataclass
class NoContent:
    """An appendix kind this version does not know: its stored content is kept as it was."""

    raw: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> NoContent:
        return cls(dict(data))

    def to_json(self) -> dict[str, Any]:
        return dict(self.raw)


AppendixContent = (
    Roadmap | Regulation | BaseForm | PairsTable | ResultsTable | ProgramAppendix | NoContent
)

CONTENT_TYPES: dict[str, type[AppendixContent]] = {
    "roadmap": Roadmap,
    "regulation": Regulation,
    "text": Regulation,
    "mentors_base": BaseForm,
    "mentees_base": BaseForm,
    "pairs": PairsTable,
    "results": ResultsTable,
    "program": ProgramAppendix,
}


def content_from_json(kind: str, data: Mapping[str, Any] | None) -> AppendixContent:
    """The typed content of a stored appendix of ``kind``."""
    return CONTENT_TYPES.get(kind, NoContent).from_json(data or {})
