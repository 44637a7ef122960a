"""Soft hyphens let a narrow cell break a long Russian word between syllables, never inside one."""

from __future__ import annotations

from app.core.textutil import SOFT_HYPHEN, soft_hyphens


def _shown(text: str) -> str:
    return soft_hyphens(text).replace(SOFT_HYPHEN, "-")


def test_long_words_get_syllable_breaks() -> None:
    # GIVEN the words a diagnostic card wraps in a narrow column
    # WHEN soft hyphens are put in, THEN the breaks fall between syllables
    assert _shown("первоочередной") == "пер-во-оче-ред-ной"
    assert _shown("содержательные собрания") == "со-дер-жа-тель-ные соб-ра-ния"
    assert _shown("Интерактивные") == "Ин-те-рак-тив-ные"


def test_no_break_leaves_one_letter_or_splits_a_soft_sign() -> None:
    # GIVEN words with ь, ъ, й and short words
    # THEN no line ends or starts with a single letter, ь/ъ/й stay with their syllable
    assert _shown("объявление") == "объ-яв-ле-ние"
    assert _shown("майский урок") == "майский урок"  # short words are left alone
    for word in ("первоочередной", "индивидуальный", "адаптированной"):
        parts = _shown(word).split("-")
        assert all(len(p) >= 2 for p in parts), parts
        assert "".join(parts) == word


def test_text_reads_the_same_without_the_soft_hyphens() -> None:
    # GIVEN a cell text with abbreviations, digits and punctuation
    text = "ОГЭ и ЕГЭ: 2 пробных экзамена, психолого-педагогическое сопровождение."
    # THEN only soft hyphens were added
    assert soft_hyphens(text).replace(SOFT_HYPHEN, "") == text


def test_only_words_too_long_for_the_cell_are_hyphenated() -> None:
    # GIVEN a cell that holds 12 letters on a line
    def too_long(word: str) -> bool:
        return len(word) > 12

    # WHEN the text is prepared, THEN a word that fits moves to the next line whole
    assert _shown_with("Выстроил доверительное общение", too_long) == (
        "Выстроил до-ве-ри-тель-ное общение"
    )


def _shown_with(text: str, too_long) -> str:  # type: ignore[no-untyped-def]
    return soft_hyphens(text, too_long).replace(SOFT_HYPHEN, "-")
