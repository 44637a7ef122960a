"""What the demo school's steps share: the dates it is built for and the ids made so far."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class DemoContext:
    """What the steps share: the dates the demo is built for and the ids made so far."""

    today: dt.date
    school_year: str
    year_start: dt.date
    persons: dict[str, int] = field(default_factory=dict)  # key (surname, Latin) → id

    def day(self, offset: int) -> dt.date:
        """``year_start`` plus ``offset`` days, never later than today."""
        return min(self.year_start + dt.timedelta(days=offset), self.today)
