"""Plain data of a printed order and its appendices: built by services, written by reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.reports.table import Column


@dataclass
class TablePart:
    columns: list[Column]
    rows: list[list[str]]


@dataclass
class TextSection:
    heading: str
    paragraphs: list[str]


@dataclass
class AppendixPart:
    """One appendix: its stamp and heading, then a table, text sections or a school DOCX."""

    number: int
    title: str
    stamp: list[str]
    approval: tuple[list[str], list[str]] | None = None
    table: TablePart | None = None
    sections: list[TextSection] = field(default_factory=list)
    docx: bytes | None = None


@dataclass
class OrderPackage:
    """Everything printed for one order, with no database or Qt behind it."""

    requisites: str
    founder: str
    number: str
    date: str
    place: str
    title: str
    preamble: str
    points: list[tuple[str, list[str]]]
    signer_position: str
    signer_name: str
    acquaintance_mode: str
    acquaintance: list[tuple[str, str]]
    appendices: list[AppendixPart]
    caption: str
    file_stem: str
