"""The demo school's diagnostics: an entry round and a repeat round for most teachers, so
the grid, its before/after view and its printouts show a change from the first day."""

from __future__ import annotations

import datetime as dt

from app.models.db import Database
from app.services.demo.context import DemoContext
from app.services.grid import grid_state
from app.services.grid.diagnostics import CellInput, RoundInput, save_round

# Directions in the default order: 0 научно-теоретическое, 1 нормативное правовое,
# 2 предметно-профессиональное, 3 психолого-педагогическое, 4 учебно-методическое, 5 ИКТ,
# 6 цифровизация, 7 воспитательная, 8 здоровьесбережение, 9 одарённые дети, 10 ОВЗ.
_STRENGTHS: list[tuple[str, str]] = [
    (
        "Знает современные исследования по своей предметной области, применяет их на уроках.",
        "Выступает с докладами на методических семинарах, публикует статьи.",
    ),
    (
        "Свободно ориентируется в ФГОС и ФОП, сам составляет рабочие программы.",
        "Знает требования к ведению документации, помогает коллегам с локальными актами.",
    ),
    (
        "Глубоко знает предмет, готовит учеников к ОГЭ и ЕГЭ с высокими результатами.",
        "Ведёт элективный курс, ученики — призёры муниципального этапа олимпиады.",
    ),
    (
        "Легко устанавливает контакт с классом, умеет разрешать конфликты.",
        "Выстроил доверительное общение с родителями, проводит содержательные собрания.",
    ),
    (
        "Проектирует уроки по ФГОС, владеет приёмами формирующего оценивания.",
        "Использует проектную и исследовательскую деятельность, технологию смыслового чтения.",
    ),
    (
        "Уверенно работает с офисными программами, интерактивной панелью, электронным журналом.",
        "Создаёт интерактивные задания и онлайн-тесты, помогает коллегам с техникой.",
    ),
    (
        "Работает на платформе ФГИС «Моя школа», использует цифровые образовательные ресурсы.",
        "Проводит дистанционные консультации, ведёт страницу класса в школьном сообществе.",
    ),
    (
        "Ведёт кружок, организует школьные события, класс активно участвует в жизни школы.",
        "Выстроил систему классных часов, работает с «Орлятами России» и Движением первых.",
    ),
    (
        "Соблюдает санитарные нормы на уроке, проводит динамические паузы.",
        "Организует походы и Дни здоровья, ведёт профилактику вредных привычек.",
    ),
    (
        "Готовит учеников к олимпиадам и конкурсам, есть призёры муниципального уровня.",
        "Ведёт исследовательские проекты с сильными учениками, руководит научным обществом.",
    ),
    (
        "Адаптирует задания для детей с ОВЗ, работает по адаптированной программе.",
        "Сотрудничает с логопедом и психологом, ведёт индивидуальный маршрут ученика с ОВЗ.",
    ),
]
_DEFICITS: list[tuple[str, str]] = [
    (
        "Мало знаком с современными исследованиями по методике предмета.",
        "Не публиковал методических материалов, не выступал на семинарах.",
    ),
    (
        "Не уверен в требованиях ФГОС и ФОП, затрудняется при составлении рабочей программы.",
        "Ошибки в ведении школьной документации, не знаком с локальными актами школы.",
    ),
    (
        "Затрудняется с заданиями повышенной сложности, слабо знает формат ОГЭ.",
        "Не хватает предметных знаний для работы в профильных классах.",
    ),
    (
        "Трудно удерживать дисциплину в классе, возникают конфликты с подростками.",
        "Затрудняется в общении с родителями, избегает родительских собраний.",
    ),
    (
        "Не укладывается во время урока, цели урока сформулированы нечётко.",
        "Однообразные формы работы, не использует формирующее оценивание.",
    ),
    (
        "Неуверенно работает с интерактивной панелью и электронным журналом.",
        "Не умеет создавать цифровые задания и онлайн-тесты.",
    ),
    (
        "Не использует платформу ФГИС «Моя школа» и цифровые образовательные ресурсы.",
        "Затрудняется в организации дистанционного обучения.",
    ),
    (
        "Нет опыта планирования воспитательной работы с классом.",
        "Затрудняется в организации внеурочных мероприятий и классных часов.",
    ),
    (
        "Забывает о динамических паузах, слабо знает санитарные требования к уроку.",
        "Не знает, как действовать при первой помощи ученику.",
    ),
    (
        "Не работает с одарёнными детьми индивидуально, нет опыта подготовки к олимпиадам.",
        "Задания не дифференцированы: сильным ученикам на уроке скучно.",
    ),
    (
        "Нет опыта работы с детьми с ОВЗ, не знает требований адаптированной программы.",
        "Затрудняется в подборе заданий для ученика с ОВЗ в инклюзивном классе.",
    ),
]

# surname key → (entry round, repeat round or "" for none, priority directions).
# Per direction: Н нет дефицита, Ч частичный, В выраженный, - не оценивалось, . no cell.
_PROFILES: dict[str, tuple[str, str, tuple[int, ...]]] = {
    # Mentors: strong in most directions.
    "kuznetsova": ("НННННЧЧНННЧ", "НННННЧННННЧ", ()),
    "pavlova": ("НННННВВННЧН", "НННННЧЧННЧН", (6,)),
    "vasilev": ("НННННННЧННЧ", "НННННННЧННЧ", ()),
    "nikolaeva": ("НННННЧННННЧ", "ННННННННННЧ", ()),
    "fedorova": ("НННННЧЧНННЧ", "ННННННЧНННН", ()),
    "orlova": ("НН-ННННННЧН", "НН-НННННННН", ()),
    "morozov": ("ЧНННЧЧЧНННЧ", "НННННЧЧНННЧ", ()),
    # Young specialists: weak in several directions, strong in the digital ones.
    "popov": ("ЧЧЧВВННЧННВ", "НЧЧЧЧННЧННЧ", (3, 4)),
    "smirnova": ("ЧВЧВВННЧЧЧВ", "ЧЧНЧЧННЧЧЧЧ", (3, 4)),
    "volkova": ("ВЧЧВВЧНЧЧЧВ", "ЧЧЧЧЧННЧЧЧВ", (3, 4, 10)),
    "kiseleva": ("ЧВЧЧВННВЧЧЧ", "ЧЧНЧЧННЧЧЧЧ", (1, 4)),
    "andreev": ("ВЧЧВЧННЧНВВ", "ЧВЧЧЧННЧНВВ", (3,)),
    "belousova": ("ЧЧ-ВЧННВЧЧЧ", "ЧЧ-ЧЧННЧЧЧЧ", (3, 7)),
    "guseva": ("ВВНВВЧЧВЧЧВ", "ЧЧНЧЧНЧЧЧЧВ", (4, 1)),
    # The rest of the staff.
    "sokolova": ("НННННЧЧНННЧ", "", ()),
    "lebedeva": ("НННННЧННННН", "ННННННННННН", ()),
    "grigoreva": ("НННЧНЧВННЧН", "НННЧНЧЧННЧН", (6,)),
    "belova": ("НЧНННННЧННЧ", "НЧНННННЧННЧ", ()),
    "tikhonov": ("ЧЧННЧВВЧННЧ", "", (5,)),
    "zaytseva": ("НННННННЧЧНЧ", "НННННННЧННН", ()),
    "egorov": ("НННЧНЧЧНННЧ", "НННЧННННННВ", ()),
    "stepanova": ("ЧЧННЧВВННЧЧ", "ЧЧННЧЧЧННЧЧ", (5,)),
    "romanova": ("НЧНЧННННННЧ", "ННННННННННЧ", ()),
}
_SOURCES = ("самодиагностика", "методика ЦНППМ")
_ENTRY_NOTES = "Входная диагностика в начале учебного года."
_REPEAT_NOTES = "Повторная диагностика: итоги работы в парах наставничества."
_MENTORS = {"kuznetsova", "pavlova", "vasilev", "nikolaeva", "fedorova", "orlova", "morozov"}


def _cells(
    pattern: str,
    before: str,
    index: int,
    key: str,
    priority: tuple[int, ...],
    level_ids: dict[str, int],
    direction_ids: list[int],
) -> list[CellInput]:
    cells = []
    for d, (mark, did) in enumerate(zip(pattern, direction_ids, strict=False)):
        if mark == ".":
            continue
        strength = deficit = ""
        variant = (index + d) % 2
        if mark == "Н":
            if key in _MENTORS or (index + d) % 3 == 0 or (before and before[d] in "ЧВ"):
                strength = _STRENGTHS[d][variant]
            if before and before[d] in "ЧВ":
                strength = "Дефицит преодолён за полугодие. " + strength
        elif mark in "ЧВ":
            deficit = _DEFICITS[d][variant]
            if before and before[d] == "В" and mark == "Ч":
                deficit += " Есть положительная динамика."
            elif before and before[d] == "Ч" and mark == "В":
                deficit += " Затруднения усилились: нужна поддержка."
            if (index + d) % 4 == 0:
                strength = _STRENGTHS[d][1 - variant]
        cells.append(
            CellInput(
                did, strength, deficit, level_ids.get(mark), priority=d in priority and mark in "ЧВ"
            )
        )
    return cells


def add_grid(db: Database, ctx: DemoContext) -> str:
    """Two rounds (entry and repeat) for most teachers, one for two of them; levels improve
    for most, stay for some, get worse in a couple of cells. Dates never in the future."""
    by_severity = {lv.severity: lv.id for lv in grid_state.levels(db)}
    level_ids = {
        "В": by_severity[2],
        "Ч": by_severity[1],
        "Н": by_severity[0],
        "-": by_severity[None],
    }
    direction_ids = [d.id for d in grid_state.directions(db)]
    rounds = 0
    for index, (key, (entry, repeat, priority)) in enumerate(_PROFILES.items()):
        person_id = ctx.persons.get(key)
        if person_id is None:
            continue
        repeat_day = ctx.day(200 + index % 4)
        entry_day = min(ctx.day(12 + index % 5), repeat_day - dt.timedelta(days=21))
        save_round(
            db,
            RoundInput(
                person_id,
                entry_day,
                _SOURCES[index % 2],
                _ENTRY_NOTES,
                _cells(entry, "", index, key, priority, level_ids, direction_ids),
            ),
            ctx.today,
        )
        rounds += 1
        if repeat:
            save_round(
                db,
                RoundInput(
                    person_id,
                    repeat_day,
                    "администрация" if index % 3 else "коллеги",
                    _REPEAT_NOTES,
                    _cells(repeat, entry, index, key, priority, level_ids, direction_ids),
                ),
                ctx.today,
            )
            rounds += 1
    return f"диагностик профессиональных дефицитов — {rounds}"
