"""Benchmark data: the demo school, and a municipal-size data folder of 2,000 teachers."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from app.models import MenteeProfile, MentorProfile, Person
from app.models.db import Database
from app.services.storage.workspace import open_workspace

_MALE_LAST = [
    "Иванов",
    "Ивашов",
    "Ивлев",
    "Петров",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
    "Сергеев",
    "Кузьмин",
]
_MALE_FIRST = [
    "Иван",
    "Алексей",
    "Сергей",
    "Андрей",
    "Дмитрий",
    "Михаил",
    "Николай",
    "Павел",
    "Владимир",
    "Юрий",
    "Виктор",
    "Олег",
    "Игорь",
    "Евгений",
    "Константин",
]
_FEMALE_FIRST = [
    "Ирина",
    "Ивета",
    "Анна",
    "Елена",
    "Ольга",
    "Татьяна",
    "Наталья",
    "Мария",
    "Светлана",
    "Людмила",
    "Галина",
    "Надежда",
    "Екатерина",
    "Юлия",
    "Марина",
]
# (male, female) patronymics.
_PATRONYMICS = [
    ("Иванович", "Ивановна"),
    ("Алексеевич", "Алексеевна"),
    ("Сергеевич", "Сергеевна"),
    ("Андреевич", "Андреевна"),
    ("Дмитриевич", "Дмитриевна"),
    ("Михайлович", "Михайловна"),
    ("Николаевич", "Николаевна"),
    ("Павлович", "Павловна"),
    ("Владимирович", "Владимировна"),
    ("Юрьевич", "Юрьевна"),
    ("Викторович", "Викторовна"),
    ("Игоревич", "Игоревна"),
    ("Евгеньевич", "Евгеньевна"),
    ("Петрович", "Петровна"),
]
_SUBJECTS = [
    "Русский язык и литература",
    "Математика",
    "История и обществознание",
    "Физика",
    "Химия",
    "Биология",
    "География",
    "Английский язык",
    "Информатика",
    "Начальные классы",
    "Физическая культура",
    "Музыка",
    "Технология",
    "ИЗО",
]
_POSITIONS = [
    "Учитель",
    "Учитель",
    "Учитель",
    "Учитель начальных классов",
    "Педагог-психолог",
    "Социальный педагог",
    "Педагог дополнительного образования",
    "Учитель-логопед",
]
_CATEGORIES = ["", "первая", "высшая", "соответствие занимаемой должности"]


def make_person(rng: random.Random, index: int) -> Person:
    female = rng.random() < 0.75  # most village teachers are women
    last = rng.choice(_MALE_LAST)
    if female:
        last += "а"
    first = rng.choice(_FEMALE_FIRST if female else _MALE_FIRST)
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 40 * 365))
    person = Person(
        last_name=last,
        first_name=first,
        middle_name=rng.choice(_PATRONYMICS)[1 if female else 0],
        position=rng.choice(_POSITIONS),
        subjects=rng.choice(_SUBJECTS),
        experience_years=rng.randrange(0, 41),
        category=rng.choice(_CATEGORIES),
        education="высшее педагогическое",
        phone=f"+7 900 {index // 10000:03d}-{index % 10000:04d}",
        email=f"teacher{index}@school{index % 40 + 1}.example.ru",
        birth_date=birth,
        consent_date=dt.date(2025, 9, 1),
        notes="",
        archived=index % 50 == 0,
    )
    if index % 5 == 0:
        person.mentor_profile = MentorProfile(
            workplace=f"МБОУ СОШ № {index % 40 + 1}",
            competencies="методика преподавания, классное руководство",
            mentoring_form="учитель – учитель",
            date_in=dt.date(2025, 9, 15),
        )
    if index % 7 == 0:
        person.mentee_profile = MenteeProfile(
            key_requests="дисциплина на уроке, работа с родителями",
            mentoring_form="учитель – учитель",
            date_in=dt.date(2025, 9, 15),
        )
    return person


def make_demo(root: Path) -> str:
    """Fill ``root`` with the demo school (as `python -m app demo` does)."""
    from app.services.demo.demo import create_demo

    with open_workspace(root, start_backup=False) as ws:
        return create_demo(ws.db)


def make_municipal(root: Path, n_persons: int = 2000, seed: int = 2026) -> int:
    """Fill ``root`` with the demo school topped up to ``n_persons`` generated teachers.

    Returns the number of persons in the database."""
    from sqlalchemy import func, select

    make_demo(root)
    rng = random.Random(seed)
    with open_workspace(root, start_backup=False) as ws:
        with ws.db.session() as s:
            have = s.scalar(select(func.count()).select_from(Person)) or 0
            s.add_all(make_person(rng, i) for i in range(have, n_persons))
        with ws.db.session() as s:
            return int(s.scalar(select(func.count()).select_from(Person)) or 0)


def make_school(db: Database, teachers: int = 80, seed: int = 80) -> None:
    """Top the demo school in ``db`` up to ``teachers`` generated teachers, the way a
    large school's curator would: every new mentee diagnosed (one or two red deficits, a
    yellow one, a strength), paired with a new mentor, and a program drafted for each pair.

    Saved through the services, so the data obeys the same rules as the curator's."""
    # deferred: the services are needed only by the documents check and benchmarks
    from sqlalchemy import func, select

    from app.models import DiagnosticLevel
    from app.services.grid import diagnostics
    from app.services.grid.grid_state import directions
    from app.services.pairs import pairs
    from app.services.pairs.pair_data import DirectionPick, PairData
    from app.services.programs import programs

    rng = random.Random(seed)
    with db.session() as s:
        have = s.scalar(select(func.count()).select_from(Person)) or 0
        levels = {lv.severity: lv.id for lv in s.scalars(select(DiagnosticLevel))}
        newcomers = [make_person(rng, i) for i in range(have, teachers)]
        for person in newcomers:
            person.archived = False
        s.add_all(newcomers)
        s.flush()
        mentor_ids = [p.id for p in newcomers if p.mentor_profile is not None]
        mentee_ids = [
            p.id for p in newcomers if p.mentee_profile is not None and p.mentor_profile is None
        ]
    direction_ids = [d.id for d in directions(db)]
    red, yellow, green = (levels.get(2), levels.get(1), levels.get(0))
    year_start = dt.date(2026, 9, 1)
    for index, mentee in enumerate(mentee_ids):
        picked = rng.sample(direction_ids, 4)
        cells = [
            diagnostics.CellInput(
                picked[0], deficit="не выстроена система оценивания", level_id=red, priority=True
            ),
            diagnostics.CellInput(
                picked[1], deficit="мало приёмов работы с классом", level_id=yellow
            ),
            diagnostics.CellInput(
                picked[2], strength="уверенно ведёт электронный журнал", level_id=green
            ),
        ]
        if index % 2:
            cells.append(
                diagnostics.CellInput(
                    picked[3], deficit="трудности в общении с родителями", level_id=red
                )
            )
        diagnostics.save_round(
            db,
            diagnostics.RoundInput(
                mentee, year_start + dt.timedelta(days=10), "самоанализ", cells=cells
            ),
            today=dt.date(2026, 11, 20),
        )
        if index >= len(mentor_ids):
            continue
        pair_id = pairs.save_pair(
            db,
            PairData(
                mentor_id=mentor_ids[index],
                mentee_ids=[mentee],
                form="учитель – учитель",
                kinds=["традиционное («один на один»)"],
                role_model="опытный педагог – молодой специалист",
                start_date=dt.date(2026, 10, 1),
                end_date=dt.date(2027, 5, 31),
                status="active",
                schedule="вторник, 14:30",
                mode="очный",
                consent_date=dt.date(2026, 9, 20),
                directions=[DirectionPick(c.direction_id, c.deficit) for c in cells if c.deficit],
            ),
            today=dt.date(2026, 11, 20),
        )
        programs.create_program(db, pair_id, today=dt.date(2026, 11, 20))
