"""The bases' «Наставляемые» / «Наставник» columns follow the running pairs."""

from __future__ import annotations

import datetime as dt

from app.models.db import Database
from app.services.pairs import bases, pairs
from app.services.pairs.pair_data import PairData
from app.services.people.persons import MenteeData, MentorData, PersonData, save_person


def test_bases_name_partners_of_running_pairs_and_keep_typed_notes_otherwise(db: Database) -> None:
    # GIVEN a mentor with a typed note, a mentee of hers, and another mentor with a note only
    m = save_person(
        db,
        PersonData(
            last_name="Кузнецова",
            first_name="Елена",
            middle_name="Андреевна",
            mentor=MentorData(mentees_note="кто-то раньше"),
        ),
    )
    save_person(
        db,
        PersonData(
            last_name="Павлова", first_name="Галина", mentor=MentorData(mentees_note="Волкова П.А.")
        ),
    )
    e = save_person(
        db,
        PersonData(
            last_name="Смирнова",
            first_name="Дарья",
            middle_name="Алексеевна",
            mentee=MenteeData(mentor_note="не указан"),
        ),
    )
    bases.set_field_choices(
        db,
        "mentors",
        [bases.FieldChoice("full_name", "ФИО"), bases.FieldChoice("mentees_note", "Наставляемые")],
    )
    bases.set_field_choices(
        db,
        "mentees",
        [bases.FieldChoice("full_name", "ФИО"), bases.FieldChoice("mentor_note", "Наставник")],
    )
    pid = pairs.save_pair(
        db,
        PairData(
            mentor_id=m,
            mentee_ids=[e],
            start_date=dt.date(2026, 9, 1),
            end_date=dt.date(2027, 5, 31),
            status="active",
        ),
    )
    # WHEN the bases are built
    mentors = {r[1]: r[2] for r in bases.mentors_base(db).rows}
    mentees = {r[1]: r[2] for r in bases.mentees_base(db).rows}
    # THEN the running pair names the partners; the other mentor keeps the typed note
    assert mentors["Кузнецова Елена Андреевна"] == "Смирнова Д.А."
    assert mentors["Павлова Галина"] == "Волкова П.А."
    assert mentees["Смирнова Дарья Алексеевна"] == "Кузнецова Елена Андреевна"
    # AND once the pair ended early, the typed notes are back
    pairs.end_early(db, pid, dt.date(2026, 10, 1), "перевод")
    assert {r[1]: r[2] for r in bases.mentors_base(db).rows}["Кузнецова Елена Андреевна"] == (
        "кто-то раньше"
    )
