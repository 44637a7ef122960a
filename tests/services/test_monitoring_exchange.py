"""Monitoring data round-trips through the exchange file: questionnaires, answers,
indicators and made reports come back as they were."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from app.models.db import Database
from app.models.monitoring import (
    MonitoringRecord,
    MonitoringReport,
    Questionnaire,
    QuestionnaireAnswer,
    QuestionnaireQuestion,
    QuestionnaireResponse,
)
from app.services.monitoring import halfyear_periods
from app.services.monitoring import questionnaire_results as results
from app.services.storage import exchange
from tests.prebuilt import PrebuiltDatabases
from tests.services import monitoring_fixtures as f

TABLES = (
    Questionnaire,
    QuestionnaireQuestion,
    QuestionnaireResponse,
    QuestionnaireAnswer,
    MonitoringRecord,
    MonitoringReport,
)


def _rows(db: Database) -> dict[str, list[dict[str, object]]]:
    out = {}
    with db.session() as s:
        for model in TABLES:
            cols = [c.name for c in model.__table__.columns]
            out[model.__tablename__] = sorted(
                ({c: getattr(r, c) for c in cols} for r in s.scalars(select(model))), key=repr
            )
    return out


def test_monitoring_tables_round_trip(
    db: Database, tmp_path: Path, prebuilt: PrebuiltDatabases
) -> None:
    # GIVEN a school with answers, indicators and a made report
    school = f.reported_school(db)
    halfyear_periods.record_report(
        db,
        dt.date(2026, 9, 1),
        dt.date(2026, 12, 31),
        "Вывод",
        "Рекомендация",
        made_on=dt.date(2027, 1, 10),
    )
    out = tmp_path / "school.json"
    # WHEN exported and imported into another data folder
    exchange.export_data(db, out)
    with prebuilt.open_empty(tmp_path / "other") as other:
        exchange.import_data(other.db, out)
        # THEN every monitoring row is the same, and the results read the same
        before, after = _rows(db), _rows(other.db)
        assert all(before[t] for t in before)
        assert before == after
        assert results.aggregate(other.db, [school.program_id]) == results.aggregate(
            db, [school.program_id]
        )
        other.close(backup=False)
