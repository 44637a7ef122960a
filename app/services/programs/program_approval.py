"""The approval of programs by a signed order (УТВЕРЖДЕНО приказом № … от …), kept on each program.

The orders package calls ``approve`` when an approving order is saved signed and ``withdraw``
when it is taken back to a draft; the title pages then print the order's number and date."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Program


def approve(s: Session, program_ids: list[int], number: str, date: dt.date | None) -> None:
    """Write the signed order's number and date into the programs ``program_ids``."""
    for program in s.scalars(select(Program).where(Program.id.in_(program_ids))):
        program.approval_number, program.approval_date = number, date


def withdraw(s: Session, program_ids: list[int], number: str, date: dt.date | None) -> None:
    """Take the approval back from the programs that still carry this order's number and date
    (an order without a number approved nothing)."""
    if not number:
        return
    for program in s.scalars(select(Program).where(Program.id.in_(program_ids))):
        if (program.approval_number, program.approval_date) == (number, date):
            program.approval_number, program.approval_date = "", None
