"""Declension of full names and positions for orders: real-shaped names, the seed's phrases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.textutil import lower_first, upper_first
from app.errors import KuratorError
from app.paths import resource_path
from app.services.school.declension import (
    CASES,
    apply_override,
    decline_name,
    decline_position,
    full_name_in,
    gender_of,
    initials_in,
    load_positions,
    person_phrase,
    positions_table,
)

NBSP = "\u00a0"


def split_name(nominative: str) -> tuple[str, str, str]:
    """«Фамилия Имя Отчество…» → parts; a Turkic patronymic keeps its two words."""
    parts = nominative.split(" ", 2)
    return parts[0], parts[1], parts[2] if len(parts) > 2 else ""


# nominative → genitive, dative, accusative, instrumental
NAMES = [
    # the seed's people
    (
        "Захарова Анастасия Анатольевна",
        "Захаровой Анастасии Анатольевны",
        "Захаровой Анастасии Анатольевне",
        "Захарову Анастасию Анатольевну",
        "Захаровой Анастасией Анатольевной",
    ),
    (
        "Рычко Наталья Владимировна",
        "Рычко Натальи Владимировны",
        "Рычко Наталье Владимировне",
        "Рычко Наталью Владимировну",
        "Рычко Натальей Владимировной",
    ),
    (
        "Шевченко Елена Михайловна",
        "Шевченко Елены Михайловны",
        "Шевченко Елене Михайловне",
        "Шевченко Елену Михайловну",
        "Шевченко Еленой Михайловной",
    ),
    # indeclinable surnames: -ко, -ово, -ых/-их, foreign vowel endings
    (
        "Шевченко Юрий Петрович",
        "Шевченко Юрия Петровича",
        "Шевченко Юрию Петровичу",
        "Шевченко Юрия Петровича",
        "Шевченко Юрием Петровичем",
    ),
    (
        "Дурново Пётр Николаевич",
        "Дурново Петра Николаевича",
        "Дурново Петру Николаевичу",
        "Дурново Петра Николаевича",
        "Дурново Петром Николаевичем",
    ),
    (
        "Дурново Мария Ивановна",
        "Дурново Марии Ивановны",
        "Дурново Марии Ивановне",
        "Дурново Марию Ивановну",
        "Дурново Марией Ивановной",
    ),
    (
        "Черных Ольга Сергеевна",
        "Черных Ольги Сергеевны",
        "Черных Ольге Сергеевне",
        "Черных Ольгу Сергеевну",
        "Черных Ольгой Сергеевной",
    ),
    (
        "Черных Алексей Викторович",
        "Черных Алексея Викторовича",
        "Черных Алексею Викторовичу",
        "Черных Алексея Викторовича",
        "Черных Алексеем Викторовичем",
    ),
    (
        "Долгих Илья Андреевич",
        "Долгих Ильи Андреевича",
        "Долгих Илье Андреевичу",
        "Долгих Илью Андреевича",
        "Долгих Ильёй Андреевичем",
    ),
    (
        "Седых Юрий Алексеевич",
        "Седых Юрия Алексеевича",
        "Седых Юрию Алексеевичу",
        "Седых Юрия Алексеевича",
        "Седых Юрием Алексеевичем",
    ),
    ("Гёте Иван", "Гёте Ивана", "Гёте Ивану", "Гёте Ивана", "Гёте Иваном"),
    # a consonant surname declines for a man and stays for a woman
    (
        "Гуревич Любовь Марковна",
        "Гуревич Любови Марковны",
        "Гуревич Любови Марковне",
        "Гуревич Любовь Марковну",
        "Гуревич Любовью Марковной",
    ),
    (
        "Гуревич Лев Борисович",
        "Гуревича Льва Борисовича",
        "Гуревичу Льву Борисовичу",
        "Гуревича Льва Борисовича",
        "Гуревичем Львом Борисовичем",
    ),
    (
        "Ким Ксения Олеговна",
        "Ким Ксении Олеговны",
        "Ким Ксении Олеговне",
        "Ким Ксению Олеговну",
        "Ким Ксенией Олеговной",
    ),
    (
        "Ким Даниил Вячеславович",
        "Кима Даниила Вячеславовича",
        "Киму Даниилу Вячеславовичу",
        "Кима Даниила Вячеславовича",
        "Кимом Даниилом Вячеславовичем",
    ),
    (
        "Цой Мария Игоревна",
        "Цой Марии Игоревны",
        "Цой Марии Игоревне",
        "Цой Марию Игоревну",
        "Цой Марией Игоревной",
    ),
    (
        "Цой Игорь Алексеевич",
        "Цоя Игоря Алексеевича",
        "Цою Игорю Алексеевичу",
        "Цоя Игоря Алексеевича",
        "Цоем Игорем Алексеевичем",
    ),
    (
        "Бондарчук Светлана Петровна",
        "Бондарчук Светланы Петровны",
        "Бондарчук Светлане Петровне",
        "Бондарчук Светлану Петровну",
        "Бондарчук Светланой Петровной",
    ),
    (
        "Бондарчук Сергей Николаевич",
        "Бондарчука Сергея Николаевича",
        "Бондарчуку Сергею Николаевичу",
        "Бондарчука Сергея Николаевича",
        "Бондарчуком Сергеем Николаевичем",
    ),
    (
        "Поляк Юлия Андреевна",
        "Поляк Юлии Андреевны",
        "Поляк Юлии Андреевне",
        "Поляк Юлию Андреевну",
        "Поляк Юлией Андреевной",
    ),
    (
        "Поляк Геннадий Ильич",
        "Поляка Геннадия Ильича",
        "Поляку Геннадию Ильичу",
        "Поляка Геннадия Ильича",
        "Поляком Геннадием Ильичом",
    ),
    (
        "Ковальчук Лука Фомич",
        "Ковальчука Луки Фомича",
        "Ковальчуку Луке Фомичу",
        "Ковальчука Луку Фомича",
        "Ковальчуком Лукой Фомичом",
    ),
    # -ец/-ок/-ей: the surname keeps its vowel (documented policy)
    (
        "Кузнец Данила Савельевич",
        "Кузнеца Данилы Савельевича",
        "Кузнецу Даниле Савельевичу",
        "Кузнеца Данилу Савельевича",
        "Кузнецом Данилой Савельевичем",
    ),
    (
        "Швец Гаврила Ильич",
        "Швеца Гаврилы Ильича",
        "Швецу Гавриле Ильичу",
        "Швеца Гаврилу Ильича",
        "Швецом Гаврилой Ильичом",
    ),
    (
        "Бондарец Михаил Юрьевич",
        "Бондареца Михаила Юрьевича",
        "Бондарецу Михаилу Юрьевичу",
        "Бондареца Михаила Юрьевича",
        "Бондарецом Михаилом Юрьевичем",
    ),
    (
        "Бондарец Инна Викторовна",
        "Бондарец Инны Викторовны",
        "Бондарец Инне Викторовне",
        "Бондарец Инну Викторовну",
        "Бондарец Инной Викторовной",
    ),
    (
        "Тягнибок Олег Ярославович",
        "Тягнибока Олега Ярославовича",
        "Тягнибоку Олегу Ярославовичу",
        "Тягнибока Олега Ярославовича",
        "Тягнибоком Олегом Ярославовичем",
    ),
    (
        "Воробей Геннадий Ильич",
        "Воробея Геннадия Ильича",
        "Воробею Геннадию Ильичу",
        "Воробея Геннадия Ильича",
        "Воробеем Геннадием Ильичом",
    ),
    # double surnames: both parts decline
    (
        "Иванова-Петрова Анна Сергеевна",
        "Ивановой-Петровой Анны Сергеевны",
        "Ивановой-Петровой Анне Сергеевне",
        "Иванову-Петрову Анну Сергеевну",
        "Ивановой-Петровой Анной Сергеевной",
    ),
    (
        "Римский-Корсаков Никита Павлович",
        "Римского-Корсакова Никиты Павловича",
        "Римскому-Корсакову Никите Павловичу",
        "Римского-Корсакова Никиту Павловича",
        "Римским-Корсаковым Никитой Павловичем",
    ),
    (
        "Петров-Водкин Кузьма Сергеевич",
        "Петрова-Водкина Кузьмы Сергеевича",
        "Петрову-Водкину Кузьме Сергеевичу",
        "Петрова-Водкина Кузьму Сергеевича",
        "Петровым-Водкиным Кузьмой Сергеевичем",
    ),
    (
        "Бонч-Бруевич Владимир Дмитриевич",
        "Бонч-Бруевича Владимира Дмитриевича",
        "Бонч-Бруевичу Владимиру Дмитриевичу",
        "Бонч-Бруевича Владимира Дмитриевича",
        "Бонч-Бруевичем Владимиром Дмитриевичем",
    ),
    # -ский/-цкая, -ин/-ина, -ов/-ова, -ев/-ева, -ой/-ая
    (
        "Ивановский Олег Викторович",
        "Ивановского Олега Викторовича",
        "Ивановскому Олегу Викторовичу",
        "Ивановского Олега Викторовича",
        "Ивановским Олегом Викторовичем",
    ),
    (
        "Троцкая Ксения Павловна",
        "Троцкой Ксении Павловны",
        "Троцкой Ксении Павловне",
        "Троцкую Ксению Павловну",
        "Троцкой Ксенией Павловной",
    ),
    (
        "Кузина Татьяна Ильинична",
        "Кузиной Татьяны Ильиничны",
        "Кузиной Татьяне Ильиничне",
        "Кузину Татьяну Ильиничну",
        "Кузиной Татьяной Ильиничной",
    ),
    (
        "Кузин Павел Ильич",
        "Кузина Павла Ильича",
        "Кузину Павлу Ильичу",
        "Кузина Павла Ильича",
        "Кузиным Павлом Ильичом",
    ),
    (
        "Сорокин Алексей Ильич",
        "Сорокина Алексея Ильича",
        "Сорокину Алексею Ильичу",
        "Сорокина Алексея Ильича",
        "Сорокиным Алексеем Ильичом",
    ),
    (
        "Смирнов Петр Ильич",
        "Смирнова Петра Ильича",
        "Смирнову Петру Ильичу",
        "Смирнова Петра Ильича",
        "Смирновым Петром Ильичом",
    ),
    (
        "Новикова Ирина Юрьевна",
        "Новиковой Ирины Юрьевны",
        "Новиковой Ирине Юрьевне",
        "Новикову Ирину Юрьевну",
        "Новиковой Ириной Юрьевной",
    ),
    (
        "Лебедева Дарья Никитична",
        "Лебедевой Дарьи Никитичны",
        "Лебедевой Дарье Никитичне",
        "Лебедеву Дарью Никитичну",
        "Лебедевой Дарьей Никитичной",
    ),
    (
        "Лебедев Фома Кузьмич",
        "Лебедева Фомы Кузьмича",
        "Лебедеву Фоме Кузьмичу",
        "Лебедева Фому Кузьмича",
        "Лебедевым Фомой Кузьмичом",
    ),
    (
        "Толстой Лев Николаевич",
        "Толстого Льва Николаевича",
        "Толстому Льву Николаевичу",
        "Толстого Льва Николаевича",
        "Толстым Львом Николаевичем",
    ),
    (
        "Толстая Софья Андреевна",
        "Толстой Софьи Андреевны",
        "Толстой Софье Андреевне",
        "Толстую Софью Андреевну",
        "Толстой Софьей Андреевной",
    ),
    (
        "Белых Савва Лукич",
        "Белых Саввы Лукича",
        "Белых Савве Лукичу",
        "Белых Савву Лукича",
        "Белых Саввой Лукичом",
    ),
    # a surname in unstressed -а declines for both
    (
        "Бубка Нина Сергеевна",
        "Бубки Нины Сергеевны",
        "Бубке Нине Сергеевне",
        "Бубку Нину Сергеевну",
        "Бубкой Ниной Сергеевной",
    ),
    (
        "Бубка Сергей Назарович",
        "Бубки Сергея Назаровича",
        "Бубке Сергею Назаровичу",
        "Бубку Сергея Назаровича",
        "Бубкой Сергеем Назаровичем",
    ),
    (
        "Жукова Ия Петровна",
        "Жуковой Ии Петровны",
        "Жуковой Ии Петровне",
        "Жукову Ию Петровну",
        "Жуковой Ией Петровной",
    ),
    # Turkic patronymics stay as written; no patronymic at all
    (
        "Мамедов Рашид Гусейн оглы",
        "Мамедова Рашида Гусейн оглы",
        "Мамедову Рашиду Гусейн оглы",
        "Мамедова Рашида Гусейн оглы",
        "Мамедовым Рашидом Гусейн оглы",
    ),
    (
        "Алиева Лейла Ахмед кызы",
        "Алиевой Лейлы Ахмед кызы",
        "Алиевой Лейле Ахмед кызы",
        "Алиеву Лейлу Ахмед кызы",
        "Алиевой Лейлой Ахмед кызы",
    ),
    ("Смирнова Анна", "Смирновой Анны", "Смирновой Анне", "Смирнову Анну", "Смирновой Анной"),
]


@pytest.mark.parametrize(
    ("nominative", "gen", "dat", "acc", "ins"), NAMES, ids=[n[0] for n in NAMES]
)
def test_full_name_in_every_case(nominative: str, gen: str, dat: str, acc: str, ins: str) -> None:
    # GIVEN a full name as the staff list holds it
    last, first, middle = split_name(nominative)
    # WHEN it is declined into the cases an order needs
    got = {case: full_name_in(last, first, middle, case) for case in ("gen", "dat", "acc", "ins")}
    # THEN every form is the grammatical one
    assert got == {"gen": gen, "dat": dat, "acc": acc, "ins": ins}


def test_the_table_covers_enough_people() -> None:
    # GIVEN the table above WHEN counted THEN it has at least 40 people of both genders
    genders = [gender_of(*split_name(n[0])[1:]) for n in NAMES]
    assert len(NAMES) >= 40
    assert genders.count("m") >= 15 and genders.count("f") >= 15


@pytest.mark.parametrize(
    ("nominative", "prepositional"),
    [
        ("Шевченко Юрий Петрович", "Шевченко Юрии Петровиче"),
        ("Гуревич Любовь Марковна", "Гуревич Любови Марковне"),
        ("Толстой Лев Николаевич", "Толстом Льве Николаевиче"),
        ("Захарова Анастасия Анатольевна", "Захаровой Анастасии Анатольевне"),
        ("Ковальчук Лука Фомич", "Ковальчуке Луке Фомиче"),
    ],
)
def test_prepositional(nominative: str, prepositional: str) -> None:
    # GIVEN a name WHEN put after «о» THEN the prepositional is right («о Юрии», not «Юрие»)
    assert full_name_in(*split_name(nominative), "pre") == prepositional


def test_seed_points_read_as_in_the_signed_order() -> None:
    # GIVEN the people of order № 145
    # WHEN the points name them
    curator = person_phrase(
        "Заместитель директора по УВР", "Захарова", "Анастасия", "Анатольевна", "acc"
    )
    secretary = upper_first(person_phrase("Секретарь", "Рычко", "Наталья", "Владимировна", "dat"))
    director = initials_in("Шевченко", "Елена", "Михайловна", "dat")
    # THEN the text is the seed's, word for word
    assert f"Назначить куратором {curator}." == (
        "Назначить куратором заместителя директора по УВР Захарову Анастасию Анатольевну."
    )
    assert secretary == "Секретарю Рычко Наталье Владимировне"
    assert director == f"Е.М.{NBSP}Шевченко"


def test_decline_name_returns_parts_and_keeps_the_nominative() -> None:
    # GIVEN a name with extra spaces and no patronymic
    # WHEN declined into the nominative and the dative
    nom = decline_name("  Гуревич ", "Лев", "", "nom")
    dat = decline_name("Гуревич", "Лев", "", "dat")
    # THEN parts come back separately, cleaned, the empty patronymic stays empty
    assert nom == ("Гуревич", "Лев", "")
    assert dat == ("Гуревичу", "Льву", "")
    assert decline_name("", "", "", "gen") == ("", "", "")


@pytest.mark.parametrize(
    ("last", "first", "middle", "case", "expected"),
    [
        ("Шевченко", "Елена", "Михайловна", "dat", f"Е.М.{NBSP}Шевченко"),
        ("Захарова", "Анастасия", "Анатольевна", "gen", f"А.А.{NBSP}Захаровой"),
        ("Гуревич", "Лев", "Борисович", "dat", f"Л.Б.{NBSP}Гуревичу"),
        ("Гуревич", "Любовь", "Марковна", "dat", f"Л.М.{NBSP}Гуревич"),
        ("Смирнова", "Анна", "", "ins", f"А.{NBSP}Смирновой"),
        ("Иванова-Петрова", "Анна", "Сергеевна", "acc", f"А.С.{NBSP}Иванову-Петрову"),
    ],
)
def test_initials_in(last: str, first: str, middle: str, case: str, expected: str) -> None:
    # GIVEN a person WHEN written as «И.О. Фамилия» in a case THEN only the surname declines
    assert initials_in(last, first, middle, case) == expected


@pytest.mark.parametrize(
    ("first", "middle", "expected"),
    [
        ("Анастасия", "Анатольевна", "f"),
        ("Наталья", "Владимировна", "f"),
        ("Татьяна", "Ильинична", "f"),
        ("Дарья", "Никитична", "f"),
        ("Илья", "Ильич", "m"),
        ("Пётр", "Петрович", "m"),
        ("Фома", "Кузьмич", "m"),
        ("Рашид", "Гусейн оглы", "m"),
        ("Лейла", "Ахмед кызы", "f"),
        ("Саша", "Николаевна", "f"),  # the patronymic decides
        ("Женя", "Петрович", "m"),
        ("Илья", "", "m"),
        ("Никита", "", "m"),
        ("Кузьма", "", "m"),
        ("Лука", "", "m"),
        ("Савва", "", "m"),
        ("Данила", "", "m"),
        ("Гаврила", "", "m"),
        ("Игорь", "", "m"),
        ("Юрий", "", "m"),
        ("Алексей", "", "m"),
        ("Даниил", "", "m"),
        ("Лев", "", "m"),
        ("Анна", "", "f"),
        ("Мария", "", "f"),
        ("Ксения", "", "f"),
        ("Любовь", "", "f"),
        ("Нинель", "", "f"),
        ("Юдифь", "", "f"),
        ("Айгуль", "", "f"),
        ("Саша", "", None),
        ("Женя", "", None),
        ("", "", None),
    ],
)
def test_gender_of(first: str, middle: str, expected: str | None) -> None:
    # GIVEN a first name and a patronymic WHEN the gender is guessed THEN it is the expected one
    assert gender_of(first, middle) == expected


def test_explicit_gender_and_unknown_gender() -> None:
    # GIVEN names whose gender the name itself does not tell
    # WHEN the caller knows the gender, or the surname tells it, or nothing does
    woman = full_name_in("Ким", "Саша", "", "dat", gender="f")
    man = full_name_in("Ким", "Саша", "", "dat", gender="m")
    by_surname = full_name_in("Петрова", "Женя", "", "gen")
    unknown = full_name_in("Ли", "Саша", "", "dat")
    # THEN a woman's consonant surname stays, a man's declines; with nothing to go on only
    # what declines for both genders changes
    assert woman == "Ким Саше"
    assert man == "Киму Саше"
    assert by_surname == "Петровой Жени"
    assert unknown == "Ли Саше"


def test_upper_case_input_stays_upper_case() -> None:
    # GIVEN a surname typed in capitals WHEN declined THEN the ending is in capitals too
    assert decline_name("ИВАНОВА", "Анна", "Сергеевна", "gen")[0] == "ИВАНОВОЙ"


def test_unknown_case_or_gender_is_refused() -> None:
    # GIVEN a case or gender that does not exist WHEN asked THEN it is a programming error
    with pytest.raises(ValueError):
        full_name_in("Иванов", "Иван", "Иванович", "loc")
    with pytest.raises(ValueError):
        decline_name("Иванов", "Иван", "Иванович", "gen", gender="x")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        decline_position("Директор", "vocative")
    assert list(CASES) == ["nom", "gen", "dat", "acc", "ins", "pre"]
    assert CASES["dat"] == "дательный"


# --- positions -------------------------------------------------------------------------------

# every position of resources/reference/defaults.json → genitive, dative, accusative
DEFAULT_POSITIONS = [
    ("Директор", "Директора", "Директору", "Директора"),
    (
        "Заместитель директора по УВР",
        "Заместителя директора по УВР",
        "Заместителю директора по УВР",
        "Заместителя директора по УВР",
    ),
    (
        "Заместитель директора по ВР",
        "Заместителя директора по ВР",
        "Заместителю директора по ВР",
        "Заместителя директора по ВР",
    ),
    ("Учитель", "Учителя", "Учителю", "Учителя"),
    (
        "Учитель начальных классов",
        "Учителя начальных классов",
        "Учителю начальных классов",
        "Учителя начальных классов",
    ),
    ("Педагог-психолог", "Педагога-психолога", "Педагогу-психологу", "Педагога-психолога"),
    ("Социальный педагог", "Социального педагога", "Социальному педагогу", "Социального педагога"),
    ("Учитель-логопед", "Учителя-логопеда", "Учителю-логопеду", "Учителя-логопеда"),
    ("Учитель-дефектолог", "Учителя-дефектолога", "Учителю-дефектологу", "Учителя-дефектолога"),
    (
        "Педагог-организатор",
        "Педагога-организатора",
        "Педагогу-организатору",
        "Педагога-организатора",
    ),
    (
        "Педагог дополнительного образования",
        "Педагога дополнительного образования",
        "Педагогу дополнительного образования",
        "Педагога дополнительного образования",
    ),
    (
        "Советник директора по воспитанию",
        "Советника директора по воспитанию",
        "Советнику директора по воспитанию",
        "Советника директора по воспитанию",
    ),
    (
        "Преподаватель-организатор ОБЗР",
        "Преподавателя-организатора ОБЗР",
        "Преподавателю-организатору ОБЗР",
        "Преподавателя-организатора ОБЗР",
    ),
    (
        "Педагог-библиотекарь",
        "Педагога-библиотекаря",
        "Педагогу-библиотекарю",
        "Педагога-библиотекаря",
    ),
    ("Воспитатель ГПД", "Воспитателя ГПД", "Воспитателю ГПД", "Воспитателя ГПД"),
    ("Старший вожатый", "Старшего вожатого", "Старшему вожатому", "Старшего вожатого"),
]


def test_every_default_position_is_in_the_dictionary() -> None:
    # GIVEN the default reference list of positions and the dictionary of their cases
    defaults = json.loads(resource_path("reference", "defaults.json").read_text("utf-8"))
    keys = {k.lower() for k in positions_table()}
    # WHEN each default is looked up THEN the dictionary has it, and this test's table too
    assert [p for p in defaults["position"] if p.lower() not in keys] == []
    assert [row[0] for row in DEFAULT_POSITIONS] == defaults["position"]


@pytest.mark.parametrize(("nominative", "gen", "dat", "acc"), DEFAULT_POSITIONS)
def test_default_positions_decline(nominative: str, gen: str, dat: str, acc: str) -> None:
    # GIVEN a default position WHEN declined THEN each form is right and keeps the capital
    assert decline_position(nominative, "gen") == gen
    assert decline_position(nominative, "dat") == dat
    assert decline_position(nominative, "acc") == acc
    assert decline_position(nominative, "nom") == nominative


@pytest.mark.parametrize(
    ("position", "case", "expected"),
    [
        ("секретарь", "ins", "секретарём"),
        ("секретарь руководителя", "dat", "секретарю руководителя"),
        ("делопроизводитель", "gen", "делопроизводителя"),
        ("учитель математики", "ins", "учителем математики"),
        (
            "заместитель директора по учебно-воспитательной работе",
            "acc",
            "заместителя директора по учебно-воспитательной работе",
        ),
        (
            "советник директора по воспитанию и взаимодействию с детскими общественными "
            "объединениями",
            "dat",
            "советнику директора по воспитанию и взаимодействию с детскими "
            "общественными объединениями",
        ),
        ("старшая вожатая", "acc", "старшую вожатую"),
        ("заведующий библиотекой", "ins", "заведующим библиотекой"),
        ("медицинская сестра", "dat", "медицинской сестре"),
        ("педагог-психолог", "pre", "педагоге-психологе"),
    ],
)
def test_dictionary_positions(position: str, case: str, expected: str) -> None:
    # GIVEN a common position from the dictionary WHEN declined THEN the form is right
    assert position.lower() in {k.lower() for k in positions_table()}
    assert decline_position(position, case) == expected


@pytest.mark.parametrize(
    ("position", "case", "expected"),
    [
        ("учитель истории и обществознания", "gen", "учителя истории и обществознания"),
        ("Учитель истории и обществознания", "ins", "Учителем истории и обществознания"),
        ("педагог дополнительного образования", "dat", "педагогу дополнительного образования"),
        ("учитель-дефектолог", "gen", "учителя-дефектолога"),
        ("педагог-организатор", "acc", "педагога-организатора"),
        ("тренер-преподаватель", "ins", "тренером-преподавателем"),
        ("старший методист", "dat", "старшему методисту"),
        ("главный бухгалтер", "ins", "главным бухгалтером"),
        ("ведущий специалист по кадрам", "gen", "ведущего специалиста по кадрам"),
        ("технический работник", "acc", "технического работника"),
        ("старшая вожатая", "gen", "старшей вожатой"),
        ("заведующая хозяйством", "acc", "заведующую хозяйством"),
        (
            "рабочий по комплексному обслуживанию здания",
            "dat",
            "рабочему по комплексному обслуживанию здания",
        ),
        ("медицинская сестра", "ins", "медицинской сестрой"),
        ("уборщица", "ins", "уборщицей"),
        ("няня", "acc", "няню"),
        ("сторож", "ins", "сторожем"),
        ("главный врач", "ins", "главным врачом"),
        ("секретарь", "ins", "секретарём"),
        ("библиотекарь", "ins", "библиотекарем"),
        ("ИТ-специалист", "dat", "ИТ-специалисту"),
        ("и.о. директора", "gen", "и.о. директора"),
    ],
)
def test_rule_for_positions_not_in_the_dictionary(position: str, case: str, expected: str) -> None:
    # GIVEN a position the dictionary does not know (an empty table forces the rule)
    # WHEN declined THEN the head (with its adjectives) declines and the tail stays
    assert decline_position(position, case, table={}) == expected


def test_rule_and_dictionary_agree() -> None:
    # GIVEN the bundled dictionary
    table = positions_table()
    # WHEN every entry is also declined by the rule
    disagreements = [
        (nominative, case, form, decline_position(nominative, case, table={}))
        for nominative, forms in table.items()
        for case, form in forms.items()
        if decline_position(nominative, case, table={}) != form
    ]
    # THEN they agree (a typo in the dictionary would show here)
    assert disagreements == []
    assert len(table) >= 60


def test_curator_dictionary_wins(tmp_path: Path) -> None:
    # GIVEN a dictionary with a school's own wording
    path = tmp_path / "positions.json"
    path.write_text(
        json.dumps(
            {
                "Завуч": {
                    "gen": "завуча",
                    "dat": "завучу",
                    "acc": "завуча",
                    "ins": "завучем",
                    "pre": "завуче",
                }
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    table = load_positions(path)
    # WHEN a position is declined with it
    # THEN its form is used and the input's capital is kept
    assert decline_position("завуч", "ins", table=table) == "завучем"
    assert decline_position("Завуч", "dat", table=table) == "Завучу"


def test_broken_dictionary_names_the_entry(tmp_path: Path) -> None:
    # GIVEN a dictionary entry without its instrumental, and a file that is not JSON
    path = tmp_path / "positions.json"
    path.write_text(
        json.dumps(
            {
                "директор": {
                    "gen": "директора",
                    "dat": "директору",
                    "acc": "директора",
                    "pre": "директоре",
                }
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    # WHEN they are read THEN the user is told what is wrong, in Russian
    with pytest.raises(KuratorError, match="«директор» должны быть все падежи"):
        load_positions(path)
    with pytest.raises(KuratorError, match="Словарь должностей .* повреждён: это не JSON"):
        load_positions(broken)


def test_lower_and_upper_first() -> None:
    # GIVEN phrases that start with a word or with an abbreviation
    # WHEN put in the middle of a sentence THEN only a plain first letter is lowered
    assert lower_first("Заместитель директора по УВР") == "заместитель директора по УВР"
    assert lower_first("ИТ-специалист") == "ИТ-специалист"
    assert lower_first("ГМК") == "ГМК"
    assert lower_first("") == ""
    assert upper_first("секретарю") == "Секретарю"


def test_person_phrase_without_position() -> None:
    # GIVEN a person with no position WHEN named in a point THEN only the name is written
    assert person_phrase("", "Рычко", "Наталья", "Владимировна", "dat") == (
        "Рычко Наталье Владимировне"
    )
    assert person_phrase("Учитель-логопед", "Кузнец", "Данила", "Савельевич", "ins") == (
        "учителем-логопедом Кузнецом Данилой Савельевичем"
    )


def test_apply_override() -> None:
    # GIVEN the curator overrode one form in the order editor and blanked another
    overrides = {"person:7:dat": "Рычко Н. В.", "person:8:dat": "  "}
    # WHEN the forms are resolved
    # THEN the saved override wins, a blank one falls back to the automatic form
    assert apply_override("Рычко Наталье Владимировне", overrides, "person:7:dat") == "Рычко Н. В."
    assert apply_override("Захаровой", overrides, "person:8:dat") == "Захаровой"
    assert apply_override("Захаровой", overrides, "person:9:dat") == "Захаровой"
