"""School orders (приказы) with their appendices, and the curator's corrections of declined forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base
from app.models.versioning import Versioned


class Order(Versioned, Base):
    """One order of the director: its header, preamble, points and acquaintance list.

    Points are stored as edited text (``[{"text": ..., "items": [...]}]``): what the curator
    sees is what is printed."""

    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(40), default="")
    date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    basis: Mapped[list[str]] = mapped_column(JSON, default=list)
    goal: Mapped[str] = mapped_column(Text, default="")
    points: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    signer_position: Mapped[str] = mapped_column(String(200), default="")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    acquaintance_mode: Mapped[str] = mapped_column(String(20), default="inline")
    acquaintance: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )

    appendices: Mapped[list[OrderAppendix]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderAppendix.seq"
    )


class OrderAppendix(Versioned, Base):
    """An appendix: a table (roadmap, bases, pairs), a text (regulation) or the school's DOCX."""

    __tablename__ = "order_appendices"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer, default=1)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text, default="")
    stamp: Mapped[str] = mapped_column(String(20), default="appendix")
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    docx: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    docx_name: Mapped[str] = mapped_column(String(300), default="")

    order: Mapped[Order] = relationship(back_populates="appendices")


class DeclensionOverride(Base):
    """A declined form the curator corrected; used in every later document."""

    __tablename__ = "declension_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(300))
    case: Mapped[str] = mapped_column(String(10))
    form: Mapped[str] = mapped_column(String(300))
