"""The Russian wording of mentor suggestions: why a candidate is proposed, in plain words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from app.core.textutil import lower_first
from app.services.pairs.bases import years_text
from app.services.pairs.pair_rules import MENTEE_LIMIT, MENTOR_LIMIT, programs_text
from app.services.school.declension import Gender


def short_direction(name: str) -> str:
    """«Учебно-методическое (содержание, …)» → «Учебно-методическое»: the part before brackets."""
    return name.split(" (")[0].strip() or name


def _strong_word(gender: Gender | None) -> str:
    return {"f": "сильна", "m": "силён"}.get(gender or "", "сильные стороны")


NAMED_DIRECTIONS = 3  # more are counted («и ещё 4»), so a reason stays readable


def _in_directions(ids: Sequence[int], names: Mapping[int, str]) -> str:
    """«в направлении «ИКТ-компетенции»»; ``names`` are already short (``short_direction``)."""
    quoted = ", ".join(f"«{names.get(d, '?')}»" for d in ids[:NAMED_DIRECTIONS])
    if len(ids) > NAMED_DIRECTIONS:
        quoted += f" и ещё {len(ids) - NAMED_DIRECTIONS}"
    return f"в направлении {quoted}" if len(ids) == 1 else f"в направлениях {quoted}"


def _level(levels: Mapping[int, str], severity: int) -> str:
    """The curator's name of the level (``levels``: severity → stored name), in lower case
    as it stands mid-sentence; «дефицит» if no level has that severity any more."""
    name = levels.get(severity, "").strip()
    return lower_first(name) if name else "дефицит"


def _worst_first(severities: Iterable[int]) -> list[int]:
    """The deficit severities present (above 0), the most severe first."""
    return sorted({s for s in severities if s > 0}, reverse=True)


def load_text(load: int) -> str:
    """«пока не ведёт программ», «ведёт 1 программу из 4», «уже ведёт 4 программы из 4 — …»."""
    if load <= 0:
        return "пока не ведёт программ"
    if load >= MENTOR_LIMIT:
        return f"уже ведёт {programs_text(load)} из {MENTOR_LIMIT} — свободных мест нет"
    return f"ведёт {programs_text(load)} из {MENTOR_LIMIT}"


def mentor_reason(
    gender: Gender | None,
    strong: Sequence[int],
    worst: Mapping[int, int],
    count: Mapping[int, int],
    group_size: int,
    names: Mapping[int, str],
    levels: Mapping[int, str],
    has_need: bool,
    same_subject: bool,
    same_position: bool,
    experience: int | None,
    load: int,
    in_base: bool,
    strengths_known: bool = True,
) -> str:
    """``strengths_known`` False: no candidate has a strength recorded, so «нет отмеченных
    сильных сторон» is not repeated on every line.

    E.g. «сильна в направлении «ИКТ-компетенции», где у наставляемого выраженный дефицит;
    тот же предмет; стаж 18 лет; ведёт 1 программу из 4»."""
    parts: list[str] = []
    whose = "у наставляемого" if group_size <= 1 else "у наставляемых"
    if strong:
        clauses: list[str] = []
        for severity in _worst_first(worst.get(d, 0) for d in strong):
            ids = [d for d in strong if worst.get(d) == severity]
            if not ids:
                continue
            share = ""
            if group_size > 1:
                shares = sorted({count.get(d, 0) for d in ids})
                if shares != [group_size]:
                    share = f" (у {'–'.join(map(str, shares))} из {group_size})"
            lead = whose if not clauses else ""
            where = f"где {lead} {_level(levels, severity)}".replace("  ", " ")
            clauses.append(f"{_in_directions(ids, names)}, {where}{share}")
        parts.append(f"{_strong_word(gender)} " + ", и ".join(clauses))
    elif has_need and strengths_known:
        parts.append(f"нет отмеченных сильных сторон там, где {whose} дефицит")
    elif has_need:
        pass  # nobody's strengths are recorded: ``no_strengths_notice`` says it once
    else:
        parts.append(f"{whose} нет отмеченных дефицитов в диагностике")
    if same_subject:
        parts.append("тот же предмет")
    if same_position:
        parts.append("та же должность")
    parts.append(f"стаж {years_text(experience)}" if experience is not None else "стаж не указан")
    parts.append(load_text(load))
    if in_base:
        parts.append("в базе наставников")
    return "; ".join(parts)


def reverse_reason(
    gender: Gender | None,
    directions: Sequence[int],
    severity: Mapping[int, int],
    names: Mapping[int, str],
    levels: Mapping[int, str],
    experience: int | None,
    mentee_load: int,
) -> str:
    """E.g. «силён в направлении «Цифровизация образования», где у коллеги выраженный
    дефицит; стаж коллеги 27 лет; коллега участвует в 1 программе из 2»."""
    clauses: list[str] = []
    for sev in _worst_first(severity.get(d, 0) for d in directions):
        ids = [d for d in directions if severity.get(d) == sev]
        if ids:
            lead = "у коллеги " if not clauses else ""
            clauses.append(f"{_in_directions(ids, names)}, где {lead}{_level(levels, sev)}")
    parts = [f"{_strong_word(gender)} " + ", и ".join(clauses)]
    if experience is not None:
        parts.append(f"стаж коллеги {years_text(experience)}")
    if mentee_load <= 0:
        parts.append("коллега пока не участвует в программах")
    elif mentee_load >= MENTEE_LIMIT:
        parts.append(
            f"коллега уже участвует в {programs_text(mentee_load, 'prep')} из "
            f"{MENTEE_LIMIT} — свободных мест нет"
        )
    else:
        parts.append(f"коллега участвует в {programs_text(mentee_load, 'prep')} из {MENTEE_LIMIT}")
    return "; ".join(parts)


NO_STRENGTHS = (
    "Сильные стороны наставников в диагностике не отмечены ни у кого: подбор "
    "идёт только по предмету, должности, стажу и загрузке. Отметьте сильные "
    "стороны наставников на вкладке «Диагностика» — тогда подбор учтёт дефициты "
    "наставляемого."
)
NO_DEFICITS = (
    "У наставляемого в диагностике нет отмеченных дефицитов: подбор идёт только "
    "по предмету, должности, стажу и загрузке. Проведите диагностику на вкладке "
    "«Диагностика»."
)
