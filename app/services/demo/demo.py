"""The demo school: a fictional village school filled in step by step, for learning the program.

``create_demo`` runs ``STEPS`` in order on an empty data folder. Each step adds one kind of
data through the ordinary services (so the usual validation applies) and returns a Russian
fragment for the summary; later features append their own step to ``STEPS``.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable

from sqlalchemy import func, select

from app.core.school_year import SchoolYear
from app.errors import KuratorError
from app.models import Person
from app.models.db import Database, replace_contents, sqlite_backup
from app.services.demo.context import DemoContext
from app.services.demo.demo_grid import add_grid
from app.services.demo.demo_monitoring import add_monitoring
from app.services.demo.demo_pairs import add_pairs
from app.services.demo.demo_programs import add_programs
from app.services.orders import order_pairs
from app.services.orders.order_prefill import new_order
from app.services.orders.orders import save_order
from app.services.people.persons import MenteeData, MentorData, PersonData, save_person
from app.services.school.school import SchoolData, save_school

FULL_NAME = (
    "Муниципальное бюджетное общеобразовательное учреждение "
    "«Берёзовская средняя общеобразовательная школа»"
)
SHORT_NAME = "МБОУ «Берёзовская СОШ»"
LOCALITY = "с. Берёзовка"
FOUNDER = "Комитет по образованию администрации Кедровского муниципального района"
# A reserved top-level domain: the demo addresses can never reach a real mailbox.
EMAIL_DOMAIN = "berezovka-sosh.example"
PLACE = f"{SHORT_NAME}, {LOCALITY}"
TEACHER_FORM = "учитель – учитель"


DemoStep = Callable[[Database, DemoContext], str]


# --- the staff -----------------------------------------------------------------------------
# surname, name, patronymic, position, subjects, age on 1 September, experience (years),
# category, education, birthday (month, day), notes
_STAFF: list[tuple[str, str, str, str, str, int, int, str, str, tuple[int, int], str]] = [
    (
        "Соколова",
        "Татьяна",
        "Викторовна",
        "Директор",
        "История; Обществознание",
        54,
        31,
        "Высшая",
        "Высшее педагогическое",
        (3, 14),
        "",
    ),
    (
        "Лебедева",
        "Ирина",
        "Николаевна",
        "Заместитель директора по УВР",
        "Русский язык; Литература",
        47,
        24,
        "Высшая",
        "Высшее педагогическое",
        (11, 2),
        "Куратор внедрения целевой модели наставничества; приказ о назначении — в начале "
        "учебного года.",
    ),
    (
        "Морозов",
        "Андрей",
        "Петрович",
        "Заместитель директора по ВР",
        "Физическая культура",
        45,
        21,
        "Первая",
        "Высшее педагогическое",
        (6, 23),
        "",
    ),
    (
        "Кузнецова",
        "Елена",
        "Андреевна",
        "Учитель",
        "Математика; Алгебра; Геометрия",
        58,
        35,
        "Педагог-наставник",
        "Высшее педагогическое",
        (1, 19),
        "",
    ),
    (
        "Павлова",
        "Галина",
        "Ивановна",
        "Учитель начальных классов",
        "Начальные классы; Окружающий мир",
        61,
        38,
        "Высшая",
        "Высшее педагогическое",
        (10, 5),
        "Руководитель ШМО учителей начальных классов.",
    ),
    (
        "Васильев",
        "Сергей",
        "Михайлович",
        "Учитель",
        "Физика; Информатика",
        50,
        27,
        "Высшая",
        "Высшее педагогическое",
        (8, 30),
        "",
    ),
    (
        "Николаева",
        "Ольга",
        "Сергеевна",
        "Учитель",
        "Русский язык; Литература; Родной язык",
        44,
        20,
        "Педагог-методист",
        "Высшее педагогическое",
        (4, 11),
        "",
    ),
    (
        "Фёдорова",
        "Наталья",
        "Владимировна",
        "Учитель",
        "Биология; Химия",
        52,
        29,
        "Первая",
        "Высшее педагогическое",
        (12, 8),
        "",
    ),
    (
        "Григорьева",
        "Людмила",
        "Борисовна",
        "Учитель начальных классов",
        "Начальные классы; ОРКСЭ",
        49,
        26,
        "Высшая",
        "Высшее педагогическое",
        (2, 27),
        "",
    ),
    (
        "Белова",
        "Марина",
        "Юрьевна",
        "Учитель",
        "Английский язык",
        38,
        14,
        "Первая",
        "Высшее педагогическое",
        (7, 16),
        "Секретарь педагогического совета.",
    ),
    (
        "Орлова",
        "Светлана",
        "Геннадьевна",
        "Педагог-психолог",
        "",
        42,
        18,
        "Первая",
        "Высшее педагогическое",
        (5, 9),
        "",
    ),
    (
        "Тихонов",
        "Виктор",
        "Степанович",
        "Преподаватель-организатор ОБЗР",
        "ОБЗР; Труд (технология)",
        57,
        33,
        "Первая",
        "Высшее непедагогическое, переподготовка",
        (9, 21),
        "",
    ),
    (
        "Зайцева",
        "Анна",
        "Олеговна",
        "Учитель",
        "Английский язык; Немецкий язык",
        33,
        10,
        "Первая",
        "Высшее педагогическое",
        (1, 30),
        "",
    ),
    (
        "Медведева",
        "Юлия",
        "Романовна",
        "Социальный педагог",
        "",
        36,
        12,
        "Соответствие занимаемой должности",
        "Высшее педагогическое",
        (3, 3),
        "",
    ),
    (
        "Егоров",
        "Николай",
        "Иванович",
        "Учитель",
        "История; Обществознание",
        41,
        16,
        "Первая",
        "Высшее педагогическое",
        (10, 17),
        "",
    ),
    (
        "Степанова",
        "Валентина",
        "Фёдоровна",
        "Учитель",
        "Музыка; Изобразительное искусство",
        55,
        30,
        "Первая",
        "Среднее профессиональное педагогическое",
        (6, 1),
        "",
    ),
    (
        "Алексеева",
        "Марина",
        "Дмитриевна",
        "Учитель-логопед",
        "",
        46,
        19,
        "Высшая",
        "Высшее педагогическое",
        (12, 22),
        "",
    ),
    (
        "Романова",
        "Ксения",
        "Игоревна",
        "Учитель начальных классов",
        "Начальные классы",
        29,
        6,
        "Первая",
        "Высшее педагогическое",
        (8, 4),
        "",
    ),
    (
        "Смирнова",
        "Дарья",
        "Алексеевна",
        "Учитель",
        "Математика; Вероятность и статистика",
        23,
        0,
        "Без категории",
        "Высшее педагогическое",
        (4, 26),
        "Молодой специалист, выпускница педагогического университета.",
    ),
    (
        "Попов",
        "Артём",
        "Евгеньевич",
        "Учитель",
        "Информатика; Физика",
        25,
        1,
        "Без категории",
        "Высшее педагогическое",
        (2, 13),
        "",
    ),
    (
        "Волкова",
        "Полина",
        "Андреевна",
        "Учитель начальных классов",
        "Начальные классы",
        22,
        0,
        "Без категории",
        "Среднее профессиональное педагогическое",
        (11, 18),
        "Заочно учится в педагогическом университете.",
    ),
    (
        "Киселёва",
        "Алина",
        "Викторовна",
        "Учитель",
        "Русский язык; Литература",
        24,
        1,
        "Без категории",
        "Высшее педагогическое",
        (7, 7),
        "",
    ),
    (
        "Андреев",
        "Максим",
        "Олегович",
        "Учитель",
        "Физическая культура",
        26,
        2,
        "Без категории",
        "Обучается в вузе",
        (5, 28),
        "",
    ),
    (
        "Белоусова",
        "Екатерина",
        "Павловна",
        "Советник директора по воспитанию",
        "",
        27,
        3,
        "Без категории",
        "Высшее педагогическое",
        (9, 12),
        "",
    ),
    (
        "Гусева",
        "Виктория",
        "Сергеевна",
        "Учитель",
        "Химия; Биология",
        31,
        0,
        "Без категории",
        "Высшее непедагогическое, переподготовка",
        (3, 21),
        "Пришла в школу из лаборатории агрохолдинга, прошла профессиональную переподготовку.",
    ),
]

# surname key → (competencies, achievements, interests, preferred mentee age,
#                contact time, main mentee requests, mentees)
_MENTORS: dict[str, tuple[str, str, str, str, str, str, str]] = {
    "kuznetsova": (
        "Подготовка к ОГЭ и ЕГЭ по математике; проектирование урока по ФГОС; формирующее "
        "оценивание; олимпиадная математика.",
        "Победитель муниципального конкурса «Учитель года»; ученики — призёры регионального "
        "этапа ВсОШ по математике; эксперт предметной комиссии ОГЭ.",
        "Олимпиадные задачи, краеведение, шахматы.",
        "молодые специалисты до 30 лет",
        "вторник, четверг 14:30–16:00",
        "Планирование уроков; подготовка к ОГЭ; дисциплина в 7–8 классах.",
        "Смирнова Д.А.",
    ),
    "pavlova": (
        "Методика начального обучения; адаптация первоклассников; работа с родителями; "
        "смысловое чтение.",
        "Почётная грамота Министерства просвещения; автор муниципального сборника "
        "«Первый раз в первый класс».",
        "Садоводство, народные промыслы.",
        "начинающие учителя начальных классов",
        "понедельник, среда после 13:00",
        "Организация урока в 1 классе; общение с родителями; ведение документации.",
        "Волкова П.А.",
    ),
    "vasilev": (
        "Лабораторный и цифровой эксперимент по физике; робототехника; школьная ИТ-инфраструктура.",
        "Руководитель «Точки роста» в школе; команда учеников — финалист регионального "
        "соревнования по робототехнике.",
        "Радиотехника, рыбалка.",
        "любой",
        "пятница 13:00–15:00",
        "Постановка эксперимента; оценивание практических работ.",
        "Попов А.Е.",
    ),
    "nikolaeva": (
        "Подготовка к итоговому сочинению и ОГЭ по русскому языку; смысловое чтение; "
        "проектная деятельность.",
        "Педагог-методист; руководитель районного методического объединения учителей "
        "русского языка; публикации в региональном журнале.",
        "Театр, литературное краеведение.",
        "молодые специалисты и педагоги, сменившие предмет",
        "среда, пятница после 14:00",
        "Проверка сочинений; подготовка к ОГЭ; работа с текстом на уроке.",
        "Киселёва А.В.",
    ),
    "fedorova": (
        "Практические и лабораторные работы по химии и биологии; техника безопасности; "
        "исследовательские проекты учеников.",
        "Ученики — победители районной научно-практической конференции; грамота "
        "Комитета по образованию.",
        "Экология родного края, пчеловодство.",
        "педагоги, пришедшие из других профессий",
        "вторник 14:00–16:00",
        "Методика урока для педагога без педагогического образования; оценивание.",
        "Гусева В.С.",
    ),
    "orlova": (
        "Психолого-педагогическое сопровождение; профилактика выгорания; конфликтные "
        "ситуации с учениками и родителями; тренинги общения.",
        "Руководитель районной службы школьной медиации; ведущая тренингов для молодых "
        "педагогов района.",
        "Арт-терапия, скандинавская ходьба.",
        "молодые педагоги до 35 лет",
        "понедельник, четверг 15:00–17:00",
        "Общение с классом и родителями; самоорганизация; профилактика выгорания.",
        "Белоусова Е.П.",
    ),
    "morozov": (
        "Организация внеурочной и воспитательной работы; школьный спортивный клуб; "
        "ГТО; безопасность на уроках физкультуры.",
        "Команда школы — призёр районной спартакиады; руководитель школьного спортивного "
        "клуба «Берёзка».",
        "Лыжные гонки, туризм.",
        "молодые специалисты",
        "ежедневно после 15:00",
        "Дисциплина на уроке; организация соревнований; документация по ГТО.",
        "Андреев М.О.",
    ),
    "popov": (
        "Цифровые образовательные платформы; онлайн-тесты и интерактивные задания; "
        "электронный журнал; видеомонтаж.",
        "Создал сайт школьного музея; провёл серию практикумов «Цифровой урок» для коллег школы.",
        "Программирование, видеосъёмка, настольные игры.",
        "педагоги старшего возраста (реверсивное наставничество)",
        "среда 15:00–16:00",
        "Работа с электронным журналом и платформами; создание цифровых заданий.",
        "Группа: Павлова Г.И., Степанова В.Ф., Тихонов В.С. (реверсивное наставничество).",
    ),
}

# surname key → (mentor key, key requests as the curator writes them)
_MENTEES: dict[str, tuple[str, str]] = {
    "smirnova": (
        "kuznetsova",
        "Затруднения в тематическом планировании и в распределении времени урока; "
        "дисциплина в 7-х классах; подготовка обучающихся к ОГЭ по математике.",
    ),
    "popov": (
        "vasilev",
        "Методика постановки демонстрационного эксперимента по физике; критерии "
        "оценивания практических работ; ведение документации.",
    ),
    "volkova": (
        "pavlova",
        "Адаптация первоклассников; организация учебного пространства на уроке; "
        "выстраивание доверительного общения с родителями.",
    ),
    "kiseleva": (
        "nikolaeva",
        "Проверка и оценивание сочинений; подготовка к итоговому сочинению и ОГЭ; "
        "приёмы смыслового чтения.",
    ),
    "andreev": (
        "morozov",
        "Дисциплина и безопасность на уроке физкультуры; организация соревнований "
        "и сдачи норм ГТО; совмещение работы с обучением в вузе.",
    ),
    "belousova": (
        "orlova",
        "Планирование воспитательной работы; общение с подростками группы риска; "
        "профилактика эмоционального выгорания.",
    ),
    "guseva": (
        "fedorova",
        "Нет педагогического опыта: структура урока, формулирование целей, "
        "оценивание; техника безопасности на лабораторных работах.",
    ),
}

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


def translit(text: str) -> str:
    """Latin letters for a Russian word (lower case), for demo keys and e-mail addresses."""
    return "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())


def demo_phone(index: int) -> str:
    """A well-formed, made-up mobile number: ``+7 913 ddd-dd-dd``."""
    n = (index * 7_654_321 + 1_234_567) % 10_000_000
    return f"+7 913 {n // 10_000:03d}-{n // 100 % 100:02d}-{n % 100:02d}"


def _mentor(ctx: DemoContext, key: str) -> MentorData:
    comp, achv, interests, age, time, requests, mentees = _MENTORS[key]
    return MentorData(
        workplace=SHORT_NAME,
        competencies=comp,
        achievements=achv,
        interests=interests,
        preferred_mentee_age=age,
        contact_time=time,
        mentee_requests=requests,
        mentees_note=mentees,
        mentoring_form=TEACHER_FORM,
        program_place=PLACE,
        date_in=ctx.day(14),
    )


def _mentee(ctx: DemoContext, key: str, names: dict[str, str]) -> MenteeData:
    mentor_key, requests = _MENTEES[key]
    return MenteeData(
        key_requests=requests,
        date_in=ctx.day(14),
        mentor_note=names[mentor_key],
        mentor_workplace=SHORT_NAME,
        mentoring_form=TEACHER_FORM,
        program_place=PLACE,
    )


def add_persons(db: Database, ctx: DemoContext) -> str:
    """The staff: 25 teachers; 8 of them in the base of mentors, 7 in the base of mentees."""
    names = {translit(last): f"{last} {first} {middle}" for last, first, middle, *_ in _STAFF}
    for index, row in enumerate(_STAFF):
        last, first, middle, position, subjects, age, exp, category, edu, (m, d), notes = row
        key = translit(last)
        data = PersonData(
            last_name=last,
            first_name=first,
            middle_name=middle,
            position=position,
            subjects=subjects,
            experience_years=exp,
            category=category,
            education=edu,
            phone=demo_phone(index),
            email=f"{key}.{translit(first)[0]}{translit(middle)[0]}@{EMAIL_DOMAIN}",
            birth_date=dt.date(ctx.year_start.year - age - (1 if (m, d) > (9, 1) else 0), m, d),
            consent_date=ctx.day(2 + index % 5),
            notes=notes,
            mentor=_mentor(ctx, key) if key in _MENTORS else None,
            mentee=_mentee(ctx, key, names) if key in _MENTEES else None,
        )
        ctx.persons[key] = save_person(db, data)
    return (
        f"участников — {len(_STAFF)}, наставников — {len(_MENTORS)}, наставляемых — {len(_MENTEES)}"
    )


def add_school(db: Database, ctx: DemoContext) -> str:
    """The requisites: names, founder, director, curator and secretary, school year."""
    save_school(
        db,
        SchoolData(
            full_name=FULL_NAME,
            short_name=SHORT_NAME,
            locality=LOCALITY,
            founder=FOUNDER,
            director_position="Директор",
            director_last_name="Соколова",
            director_first_name="Татьяна",
            director_middle_name="Викторовна",
            curator_id=ctx.persons["lebedeva"],
            secretary_id=ctx.persons["belova"],
            school_year=ctx.school_year,
        ),
    )
    return f"учебный год {ctx.school_year}"


def add_orders(db: Database, ctx: DemoContext) -> str:
    """The signed order introducing mentoring and appointing the curator, with appendices."""

    order = new_order(db, "implementation", ctx.day(0))
    order.number = "112"
    order.status = "signed"
    save_order(db, order)
    return "приказ о внедрении наставничества № 112"


def add_pairs_order(db: Database, ctx: DemoContext) -> str:
    """The signed order fixing the pairs and the group that start in the autumn; the pair
    that starts in January waits for its own order, as in a real school year."""

    autumn = [
        p.id
        for p in order_pairs.read_pairs(db)
        if p.start <= ctx.year_start + dt.timedelta(days=61)
    ]
    if not autumn:
        return ""
    order = new_order(db, "pairs", ctx.day(25), autumn)
    order.number = "127"
    order.status = "signed"
    save_order(db, order)
    return "приказ о закреплении пар № 127"


STEPS: list[DemoStep] = [
    add_persons,
    add_school,
    add_orders,
    add_grid,
    add_pairs,
    add_pairs_order,
    add_programs,
    add_monitoring,
]


def create_demo(db: Database, today: dt.date | None = None) -> str:
    """Fill an empty database with the fictional school; returns a Russian summary.

    Refuses (``KuratorError``) when the database already has participants, so real data is
    never mixed with the demo. The result depends only on ``today`` (default: the real date)."""
    with db.session() as s:
        existing = s.scalar(select(func.count()).select_from(Person)) or 0
    if existing:
        raise KuratorError(
            f"В папке данных уже есть участники ({existing}). Демонстрационную школу можно "
            "создать только в пустой папке."
        )
    today = today or dt.date.today()
    year = SchoolYear.of(today)
    ctx = DemoContext(today=today, school_year=str(year), year_start=year.start)
    if db.is_server:
        # A server database has no file to copy: the school is written step by step (a
        # failure halfway leaves a part, which the person clears with an empty exchange
        # file or a fresh database; «demo» is for getting to know the program).
        parts = [part for step in STEPS if (part := step(db, ctx))]
        return _summary(parts)
    # Built on a scratch copy, then put into the live file in one transaction: a kill or a
    # power cut halfway never leaves half a school (which «demo» would then refuse to redo).
    scratch_dir = db.path.with_name(db.path.name + ".demo.part")
    shutil.rmtree(scratch_dir, ignore_errors=True)
    scratch_dir.mkdir()
    try:
        scratch = scratch_dir / "demo.sqlite"
        sqlite_backup(db.path, scratch)
        work = Database(scratch)
        try:
            parts = [part for step in STEPS if (part := step(work, ctx))]
        finally:
            work.dispose()
        db.dispose()
        replace_contents(db.path, scratch)
    finally:
        shutil.rmtree(scratch_dir, ignore_errors=True)
    return _summary(parts)


def _summary(parts: list[str]) -> str:
    return (
        f"Создана демонстрационная школа {SHORT_NAME} ({LOCALITY}): "
        + "; ".join(parts)
        + ". Все люди и данные вымышлены."
    )
