"""Russian declension for documents: full names (petrovich rules), positions (editable dictionary)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from petrovich.enums import Case as _PetrovichCase
from petrovich.main import DEFAULT_RULES_PATH

from app.core.textutil import clean_text, full_name, initials_name, lower_first, upper_first
from app.errors import KuratorError, user_message
from app.paths import resource_path

Gender = Literal["m", "f"]

CASES: dict[str, str] = {
    "nom": "именительный",
    "gen": "родительный",
    "dat": "дательный",
    "acc": "винительный",
    "ins": "творительный",
    "pre": "предложный",
}
_OBLIQUE = ("gen", "dat", "acc", "ins", "pre")
_RULE_INDEX = {
    "gen": _PetrovichCase.GENITIVE,
    "dat": _PetrovichCase.DATIVE,
    "acc": _PetrovichCase.ACCUSATIVE,
    "ins": _PetrovichCase.INSTRUMENTAL,
    "pre": _PetrovichCase.PREPOSITIONAL,
}
_RULE_GENDER = {"m": "male", "f": "female", None: "androgynous"}

# --- Full names ------------------------------------------------------------------------------
#
# The rules are petrovich's own data file (petrovich/rules/rules.json, the petrovich-rules
# project). Its Python code (2.0.1) is not used for matching because it (1) opens the file in
# the locale encoding (cp1251 on Windows: garbage or a crash), (2) skips the "androgynous"
# rules whenever a gender is given (Никита, Кузьма, Лука stay undeclined, «Ольгы», «Черныха»)
# and (3) treats the "." mod ("no change") as "no match" or appends a dot («Нинель.»).
# _Rules below is the reference algorithm of petrovich.js over the same data.
#
# Corrections to the shipped rules, in their own format, tried before the shipped ones:
_RULE_FIXES: dict[str, dict[str, list[dict[str, Any]]]] = {
    "firstname": {
        "exceptions": [
            # Илья: the ending is stressed, «Ильёй» (shipped: «Ильей»).
            {"gender": "male", "test": ["илья"], "mods": ["-и", "-е", "-ю", "-ёй", "-е"]},
        ],
        "suffixes": [
            # Юрий, Анатолий, Дмитрий: «о Юрии» (shipped: «Юрие», the «й» rule comes first).
            {"gender": "male", "test": ["ий"], "mods": ["-я", "-ю", "-я", "-ем", "-и"]},
            # Саша, Миша for a man: «Саши», not «Сашы».
            {"gender": "androgynous", "test": ["ша"], "mods": ["-и", "-е", "-у", "-ей", "-е"]},
        ],
    },
    "middlename": {
        "exceptions": [
            # Short patronymics with a stressed ending: «Ильичом», «Кузьмичом» (shipped: «-ем»).
            {
                "gender": "male",
                "test": ["ильич", "кузьмич", "лукич", "фомич"],
                "mods": ["а", "у", "а", "ом", "е"],
            },
        ],
    },
    "lastname": {
        "exceptions": [
            # A woman's surname ending in a consonant never declines (shipped: «Цоя» for her too).
            {"gender": "female", "test": ["вий", "сой", "цой", "хой"], "mods": ["."] * 5},
            # The surname Лев declines like the first name: «Льва» (no reading is lost).
            {
                "gender": "male",
                "test": ["лев"],
                "mods": ["--ьва", "--ьву", "--ьва", "--ьвом", "--ьве"],
            },
        ],
        "suffixes": [
            # In official papers a surname keeps its vowel, so the nominative can be read back:
            # Кузнец → Кузнеца, Швец → Швеца, Бондарец → Бондареца, Тягнибок → Тягнибока,
            # Воробей → Воробея (shipped: «Кузнца», «Швца», «Тягнибка», «Воробья»).
            # Instrumental «-ом» after «-ец»: Кузнецом, Швецом, Бондарецом.
            {"gender": "male", "test": ["ец", "ок"], "mods": ["а", "у", "а", "ом", "е"]},
            {"gender": "male", "test": ["обей"], "mods": ["-я", "-ю", "-я", "-ем", "-е"]},
        ],
    },
}

# Turkic patronymics («Гусейн оглы», «Ахмед кызы») stay as written in every case.
_TURKIC_MALE = frozenset({"оглы", "улы", "уулу"})
_TURKIC_FEMALE = frozenset({"кызы", "гызы", "кизи"})
# fmt: off
_MALE_NAMES_IN_A = frozenset({
    "илья", "никита", "кузьма", "фома", "лука", "савва", "данила", "гаврила", "никола", "иона",
    "фока", "мина",
})
# fmt: on
_AMBIGUOUS_NAMES = frozenset({"саша", "женя", "валя", "шура", "слава", "саня"})
# fmt: off
_FEMALE_NAMES_OTHER = frozenset({
    "любовь", "нинель", "юдифь", "руфь", "эсфирь", "рахиль", "рашель", "николь", "адель",
    "ассоль", "жизель", "изабель", "гюзель", "айгуль", "асель", "гульнур", "айгерим", "жанар",
    "шолпан", "ирэн", "кармен", "нелли", "элли", "мари", "сауле",
})
# fmt: on


class _Rules:
    """petrovich's rules with the reference rule selection (petrovich.js)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for form, sections in data.items():
            fixes = _RULE_FIXES.get(form, {})
            self._data[form] = {
                kind: [*fixes.get(kind, []), *sections.get(kind, [])]
                for kind in ("exceptions", "suffixes")
            }

    def inflect(self, form: str, value: str, case: int, gender: str) -> str:
        """Decline every part of ``value`` split on «-» and spaces (double surnames)."""
        parts = re.split(r"([- ])", value)
        words = [p for p in parts[::2] if p]
        out: list[str] = []
        for i, part in enumerate(parts):
            if i % 2 or not part:
                out.append(part)
                continue
            first_word = len(words) > 1 and i == 0
            out.append(self._word(form, part, case, gender, first_word))
        return "".join(out)

    def _word(self, form: str, word: str, case: int, gender: str, first_word: bool) -> str:
        lower = word.lower()
        rules = self._data[form]
        rule = self._find(rules["exceptions"], lower, gender, first_word, whole=True)
        if rule is None:
            rule = self._find(rules["suffixes"], lower, gender, first_word, whole=False)
        if rule is None:
            return word
        mod: str = rule["mods"][case]
        result = word
        for ch in mod:
            if ch == "-":
                result = result[:-1]
            elif ch != ".":
                result += ch
        return result.upper() if len(word) > 1 and word.isupper() else result

    @staticmethod
    def _find(
        rules: list[dict[str, Any]], lower: str, gender: str, first_word: bool, whole: bool
    ) -> dict[str, Any] | None:
        for rule in rules:
            if "first_word" in rule.get("tags", ()) and not first_word:
                continue
            if rule["gender"] != "androgynous" and rule["gender"] != gender:
                continue
            for sample in rule["test"]:
                if (lower == sample) if whole else lower.endswith(sample):
                    return rule
        return None


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    """The rules, read once on first use (UTF-8 whatever the system locale is)."""
    with open(DEFAULT_RULES_PATH, encoding="utf-8") as fp:
        return _Rules(json.load(fp))


def _check_case(case: str) -> None:
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}; expected one of {', '.join(CASES)}")


def _is_turkic(middle: str) -> Gender | None:
    tokens = set(re.split(r"[- ]", middle.lower()))
    if tokens & _TURKIC_MALE:
        return "m"
    if tokens & _TURKIC_FEMALE:
        return "f"
    return None


def gender_of(first_name: str, middle_name: str = "") -> Gender | None:
    """«m», «f» or None: from the patronymic, else from the first name."""
    middle = clean_text(middle_name).lower()
    if middle:
        turkic = _is_turkic(middle)
        if turkic:
            return turkic
        if middle.endswith("ич"):
            return "m"
        if middle.endswith("на"):
            return "f"
    first = clean_text(first_name).lower().replace("ё", "е")
    if not first or first in _AMBIGUOUS_NAMES:
        return None
    if first in _MALE_NAMES_IN_A:
        return "m"
    if first in _FEMALE_NAMES_OTHER or first.endswith(("а", "я")):
        return "f"
    if first[-1] in "йь" or first[-1] not in "аеёиоуыэюя":
        return "m"
    return None


def _gender_from_surname(last: str) -> Gender | None:
    lower = last.lower()
    if lower.endswith(("ова", "ева", "ёва", "ина", "ына", "ская", "цкая", "ая")):
        return "f"
    if lower.endswith(("ов", "ев", "ёв", "ин", "ын", "ский", "цкий", "ый", "ий", "ой")):
        return "m"
    return None


def decline_name(
    last: str, first: str, middle: str, case: str, gender: Gender | None = None
) -> tuple[str, str, str]:
    """(Фамилия, Имя, Отчество) in ``case`` (a key of :data:`CASES`).

    The gender comes from ``gender``, else the patronymic, the first name, the surname; when
    none tells, only the rules that hold for both genders apply. Empty parts stay empty."""
    _check_case(case)
    if gender not in ("m", "f", None):
        raise ValueError(f"unknown gender {gender!r}")
    last, first, middle = clean_text(last), clean_text(first), clean_text(middle)
    if case == "nom":
        return last, first, middle
    sex = gender or gender_of(first, middle) or _gender_from_surname(last)
    rule_gender, index, rules = _RULE_GENDER[sex], _RULE_INDEX[case], _rules()
    return (
        rules.inflect("lastname", last, index, rule_gender) if last else "",
        rules.inflect("firstname", first, index, rule_gender) if first else "",
        middle
        if not middle or _is_turkic(middle)
        else rules.inflect("middlename", middle, index, rule_gender),
    )


def full_name_in(
    last: str, first: str, middle: str, case: str, gender: Gender | None = None
) -> str:
    """«Захарову Анастасию Анатольевну» for ``case="acc"``."""
    return full_name(*decline_name(last, first, middle, case, gender))


def initials_in(last: str, first: str, middle: str, case: str, gender: Gender | None = None) -> str:
    """«И.О.\u00a0Фамилия» with the surname in ``case`` («Е.М.\u00a0Шевченко»)."""
    declined_last = decline_name(last, first, middle, case, gender)[0]
    return initials_name(declined_last, clean_text(first), clean_text(middle))


# --- Positions -------------------------------------------------------------------------------
#
# First the dictionary resources/reference/positions_cases.json (nominative → the five other
# cases), then a rule for unknown positions: the leading adjectives and the head noun decline
# (both halves of a hyphenated head), the tail stays («учителя истории и обществознания»).
# A position names a person, so the accusative of a masculine head equals the genitive.

# Adjective-shaped words that are themselves the head noun (nothing after them declines).
# fmt: off
_ADJ_HEADS = frozenset({
    "вожатый", "вожатая", "заведующий", "заведующая", "управляющий", "управляющая", "дежурный",
    "дежурная", "ответственный", "ответственная", "уполномоченный", "уполномоченная",
    "рабочий", "служащий", "служащая",
})
# fmt: on
# Nouns stressed on the ending: instrumental «врачом», «секретарём» (otherwise «сторожем»).
_STRESSED_END = ("врач", "скрипач", "трубач", "ткач", "секретарь")
_WORD = re.compile(r"[а-яё]+")


def _endings(stem: str, gen: str, dat: str, acc: str, ins: str, pre: str) -> dict[str, str]:
    return {
        "gen": stem + gen,
        "dat": stem + dat,
        "acc": stem + acc,
        "ins": stem + ins,
        "pre": stem + pre,
    }


def _is_adjective(word: str) -> bool:
    return len(word) > 3 and word.endswith(("ый", "ий", "ой", "ая", "яя"))


def _adjective(word: str, case: str) -> str:
    low, stem = word.lower(), word[:-2]
    prev = stem[-1:].lower()
    if low.endswith("ая"):
        oi = "ей" if prev in "жшчщ" else "ой"
        return _endings(stem, oi, oi, "ую", oi, oi)[case]
    if low.endswith("яя"):
        return _endings(stem, "ей", "ей", "юю", "ей", "ей")[case]
    if low.endswith("ий") and prev not in "гкх":
        return _endings(stem, "его", "ему", "его", "им", "ем")[case]
    ins = "им" if prev in "гкхжшчщ" else "ым"
    return _endings(stem, "ого", "ому", "ого", ins, "ом")[case]


def _noun(word: str, case: str) -> str:
    low = word.lower()
    if not _WORD.fullmatch(low):
        return word
    last, prev = low[-1], low[-2:-1]
    stressed = low.endswith(_STRESSED_END)
    if low.endswith("ия"):
        return _endings(word[:-1], "и", "и", "ю", "ей", "и")[case]
    if last == "я":
        return _endings(word[:-1], "и", "е", "ю", "ей", "е")[case]
    if last == "а":
        gen = "и" if prev in "гкхжшчщ" else "ы"
        ins = "ей" if prev in "жшчщц" else "ой"
        return _endings(word[:-1], gen, "е", "у", ins, "е")[case]
    if last in "ьй":
        ins = "ём" if stressed else "ем"
        return _endings(word[:-1], "я", "ю", "я", ins, "е")[case]
    if last in "бвгджзклмнпрстфхцчшщ":
        ins = "ем" if last in "жшчщц" and not stressed else "ом"
        return _endings(word, "а", "у", "а", ins, "е")[case]
    return word


def _compound_noun(word: str, case: str) -> str:
    """Both halves of «учитель-логопед»; abbreviations («ИТ-специалист») stay."""
    return "-".join(part if part.isupper() else _noun(part, case) for part in word.split("-"))


def _decline_head(text: str, case: str) -> str:
    words = text.split(" ")
    for i, word in enumerate(words):
        low = word.lower()
        if _WORD.fullmatch(low) and _is_adjective(low):
            words[i] = _adjective(word, case)
            if low in _ADJ_HEADS:
                break
            continue
        words[i] = _compound_noun(word, case)
        break
    return " ".join(words)


def _position_key(text: str) -> str:
    return clean_text(text).lower().replace("ё", "е")


def load_positions(path: Path | None = None) -> dict[str, dict[str, str]]:
    """Read a positions dictionary (default: the bundled one); a broken file raises
    :class:`KuratorError` naming the entry."""
    path = path or resource_path("reference", "positions_cases.json")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise KuratorError(
            f"Не удалось прочитать словарь должностей {path}. {user_message(exc)}"
        ) from exc
    except ValueError as exc:
        raise KuratorError(f"Словарь должностей {path} повреждён: это не JSON.") from exc
    if not isinstance(raw, dict):
        raise KuratorError(f"Словарь должностей {path} должен быть объектом JSON")
    table: dict[str, dict[str, str]] = {}
    for nominative, forms in raw.items():
        if not isinstance(forms, dict) or not all(
            isinstance(forms.get(c), str) and forms[c].strip() for c in _OBLIQUE
        ):
            raise KuratorError(
                f"Словарь должностей {path}: у «{nominative}» должны быть все падежи "
                f"({', '.join(_OBLIQUE)})"
            )
        table[nominative] = {c: forms[c] for c in _OBLIQUE}
    return table


@lru_cache(maxsize=1)
def positions_table() -> dict[str, dict[str, str]]:
    """The bundled dictionary, read once."""
    return load_positions()


@lru_cache(maxsize=1)
def _bundled_index() -> dict[str, dict[str, str]]:
    return {_position_key(k): v for k, v in positions_table().items()}


def decline_position(
    position: str, case: str, table: Mapping[str, Mapping[str, str]] | None = None
) -> str:
    """``position`` in ``case``: from ``table`` (default: the bundled dictionary), else by
    rule. The first letter keeps the input's case."""
    _check_case(case)
    text = clean_text(position)
    if not text or case == "nom":
        return text
    if table is None:
        index: Mapping[str, Mapping[str, str]] = _bundled_index()
    else:
        index = {_position_key(k): v for k, v in table.items()}
    entry = index.get(_position_key(text))
    result = entry[case] if entry and entry.get(case) else _decline_head(text, case)
    return upper_first(result) if text[:1].isupper() else lower_first(result)


def person_phrase(
    position: str,
    last: str,
    first: str,
    middle: str,
    case: str,
    gender: Gender | None = None,
) -> str:
    """«заместителя директора по УВР Захарову Анастасию Анатольевну»: the position (first
    letter lowered for the middle of a sentence) and the full name, both in ``case``."""
    name = full_name_in(last, first, middle, case, gender)
    post = lower_first(decline_position(position, case))
    return f"{post} {name}" if post else name


def apply_override(auto: str, overrides: Mapping[str, str], key: str) -> str:
    """The curator's form saved under ``key`` when there is a non-blank one, else ``auto``."""
    override = clean_text(overrides.get(key, ""))
    return override or auto
