"""The rules of the page check on page texts as pdftotext gives them: each must catch what a
director would send back and let pass what is printed correctly (no LibreOffice needed)."""

from __future__ import annotations

from tests.documents.pagecheck import broken_words, lonely_pages, numbering_problems

VOCABULARY = {"должность", "учитель", "сергеевна", "педагог", "алексеева", "светлана"}


def test_a_word_split_without_a_hyphen_is_found() -> None:
    # GIVEN a table cell that wrapped «Должность» inside the word
    page = "Должнос\nть\nучитель"
    # THEN the split and its halves are reported
    found = broken_words([page], VOCABULARY)
    assert {"стр. 1: Должнос|ть", "стр. 1: «Должнос»", "стр. 1: «ть»"} <= set(found)


def test_a_soft_hyphen_split_and_two_cells_run_together_pass() -> None:
    # GIVEN «Долж-» / «ность» split at a soft hyphen, and two cells pdftotext joined
    pages = ["Долж-\nность\nучитель", "Алексеева Светлана СергеевнаПедагог"]
    # THEN nothing is reported
    assert broken_words(pages, VOCABULARY) == []


def test_a_page_of_only_a_stamp_or_signatures_is_lonely() -> None:
    pages = [
        "ПРИКАЗ\nО внедрении целевой модели наставничества\n1. Внедрить систему.\n2. Назначить.",
        "2\nПриложение 1\nк приказу МБОУ «Берёзовская СОШ»\nот 01.09.2026 № 112",
        "3\nНаставник ________ Е.А. Кузнецова\nНаставляемый ________ Д.А. Смирнова",
    ]
    assert lonely_pages(pages) == [2, 3]


def test_page_numbers_must_run_on_from_the_second_page() -> None:
    text = "строка текста приказа\nещё строка"
    pages = [text, f"2\n{text}", f"{text}\nконец", f"3\n{text}"]
    # THEN the third page misses its number and the fourth prints the wrong one
    assert numbering_problems(pages) == [
        "стр. 3: нет номера 3 (вверху «строка текста приказа»)",
        "стр. 4: нет номера 4 (вверху «3»)",
    ]
