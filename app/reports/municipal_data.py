"""The municipal office's tables as plain data for the DOCX/XLSX writers and the window:
the deficits heat map, «было / стало», the severe-deficit list, the summary (сводная справка)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.reports.table import Column

SEVERE_MARK = "В"
PARTIAL_MARK = "Ч"
HEAT_TITLE = "Профессиональные дефициты педагогов по направлениям и школам"
HEAT_LEGEND = (
    "В клетке — доля педагогов с выраженным (В) и частичным (Ч) дефицитом среди "
    "прошедших диагностику по направлению (по последней диагностике каждого педагога). "
    "Цвет клетки — уровень, который встречается у педагогов школы чаще других, "
    "в цветах диагностической карты школы."
)
TOTAL_LABEL = "Итого по муниципалитету"


def percent(part: int, whole: int) -> str:
    """«25 %» (rounded), «—» when nobody was assessed."""
    return f"{round(100 * part / whole)} %" if whole else "—"


@dataclass(frozen=True)
class HeatCell:
    """One school × direction: how many teachers were assessed, with a severe and a
    partial deficit; ``fill`` is the colour (RRGGBB) of the most frequent level."""

    assessed: int
    severe: int
    partial: int
    fill: str

    @property
    def text(self) -> str:
        """«В 25 %» over «Ч 40 %» (two lines); «—» when nobody was assessed."""
        if not self.assessed:
            return "—"
        return (
            f"{SEVERE_MARK} {percent(self.severe, self.assessed)}\n"
            f"{PARTIAL_MARK} {percent(self.partial, self.assessed)}"
        )


@dataclass(frozen=True)
class HeatRow:
    """A school's row of the heat map (``school_id`` None for the municipal total)."""

    school_id: int | None
    school: str
    cells: list[HeatCell]


@dataclass(frozen=True)
class HeatMap:
    """Directions × schools with the municipal total row and the legend's colours."""

    directions: list[str]
    short_directions: list[str]
    rows: list[HeatRow]
    total: HeatRow
    legend: list[tuple[str, str]]  # (level name, RRGGBB)
    as_of: str = ""  # «по состоянию на …» or the period, for titles

    def table(
        self, numbered: bool = False
    ) -> tuple[list[Column], list[list[str]], list[list[str | None]]]:
        """Columns, cell texts and fills of the printed map (schools, then the total).
        ``numbered`` heads the direction columns «1», «2», … (a page of Word is too narrow
        for eleven names; ``direction_key`` lists them under the table)."""
        if numbered:
            columns = [Column("Школа", 30)] + [
                Column(str(i), 8, wrap=False) for i in range(1, len(self.directions) + 1)
            ]
        else:
            columns = [Column("Школа", 34)] + [Column(d, 14) for d in self.short_directions]
        rows = [[r.school] + [c.text for c in r.cells] for r in [*self.rows, self.total]]
        fills: list[list[str | None]] = []
        for r in [*self.rows, self.total]:
            row_fills: list[str | None] = [None]
            row_fills += [c.fill if c.assessed else None for c in r.cells]
            fills.append(row_fills)
        return columns, rows, fills

    @property
    def direction_key(self) -> str:
        """«Направления: 1 — Научно-теоретическое; 2 — …» for the numbered columns."""
        return (
            "Направления: "
            + "; ".join(f"{i} — {name}" for i, name in enumerate(self.directions, start=1))
            + "."
        )


@dataclass(frozen=True)
class BeforeAfter:
    """Teachers diagnosed at least twice in a direction: severe/partial at the first and the
    latest diagnosis."""

    school: str
    direction: str
    teachers: int
    before_severe: int
    before_partial: int
    after_severe: int
    after_partial: int

    @property
    def cells(self) -> list[str]:
        n = self.teachers
        return [
            self.school,
            self.direction,
            str(n),
            f"{self.before_severe} ({percent(self.before_severe, n)})",
            f"{self.before_partial} ({percent(self.before_partial, n)})",
            f"{self.after_severe} ({percent(self.after_severe, n)})",
            f"{self.after_partial} ({percent(self.after_partial, n)})",
        ]


BEFORE_AFTER_COLUMNS = [
    Column("Школа", 30),
    Column("Направление", 30),
    Column("Педагогов", 10, wrap=False),
    Column("Было: В", 10, wrap=False),
    Column("Было: Ч", 10, wrap=False),
    Column("Стало: В", 10, wrap=False),
    Column("Стало: Ч", 10, wrap=False),
]


@dataclass(frozen=True)
class SevereTeacher:
    """A teacher with a severe deficit in a direction (the methodist's course group)."""

    school: str
    name: str
    position: str
    direction: str
    date: dt.date
    deficit: str


SEVERE_COLUMNS = [
    Column("№", 5),
    Column("Школа", 34),
    Column("Педагог", 30),
    Column("Должность", 22),
    Column("Направление", 26),
    Column("Дата диагностики", 13),
    Column("Дефицит", 40),
]


def severe_rows(teachers: list[SevereTeacher]) -> list[list[object]]:
    """The list's rows for the writers (numbered, the date a real date)."""
    return [
        [i, t.school, t.name, t.position, t.direction, t.date, t.deficit]
        for i, t in enumerate(teachers, start=1)
    ]


@dataclass(frozen=True)
class GridView:
    """A stored school's grid, read-only: teachers × directions, marks and colours."""

    school: str
    directions: list[str]
    short_directions: list[str]
    rows: list[tuple[str, str, list[tuple[str, str] | None]]]  # name, position, (mark, fill)
    legend: list[tuple[str, str, str]]  # mark, level name, fill


@dataclass(frozen=True)
class NeedRow:
    """A direction by how many teachers across the schools have a deficit in it."""

    direction: str
    severe: int
    partial: int
    assessed: int
    schools: int  # schools with at least one severe deficit


@dataclass
class MunicipalSummary:
    """Everything printed in the сводная справка (built by ``services.municipal.summary``)."""

    office: str
    title: str
    date_place: str
    period: str
    covered: list[str]
    missing: list[str]
    overview: list[str]
    schools_columns: list[Column]
    schools_rows: list[list[str]]
    heat: HeatMap
    before_after: list[BeforeAfter]
    needs: list[NeedRow]
    conclusions: list[str] = field(default_factory=list)
    signer_position: str = "Методист"
    signer_name: str = ""
