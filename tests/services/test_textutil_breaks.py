"""Text pasted from Word: its manual line break separates words instead of gluing them."""

from __future__ import annotations

from app.core.textutil import clean_multiline, clean_text


def test_word_line_and_page_breaks_separate_words() -> None:
    # GIVEN a title typed in Word with Shift+Enter and a page break, plus junk characters
    pasted = "О закреплении пар\x0bна 2026/2027\x0cучебный год\x07\ud800"
    # WHEN cleaned for a one-line field and for a multi-line one
    # THEN the words stay apart; only the junk is gone
    assert clean_text(pasted) == "О закреплении пар на 2026/2027 учебный год"
    assert clean_multiline(pasted) == "О закреплении пар\nна 2026/2027\nучебный год"
