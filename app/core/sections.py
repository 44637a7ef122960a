"""Headed sections (a regulation, the consent form) as the plain text the curator edits: a
heading line, its paragraph lines, a blank line between sections."""

from __future__ import annotations

from typing import Any


def sections_to_text(sections: list[dict[str, Any]]) -> str:
    """The plain-text form of the regulation: heading line, paragraph lines, blank line."""
    blocks = []
    for s in sections:
        lines = [" ".join(str(s.get("heading", "")).split())]
        lines += [" ".join(str(p).split()) for p in s.get("paragraphs", [])]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def text_to_sections(text: str) -> list[dict[str, Any]]:
    """Back from the plain-text form: blocks split by blank lines, first line the heading."""
    sections: list[dict[str, Any]] = []
    block: list[str] = []
    for line in [*text.splitlines(), ""]:
        line = " ".join(line.split())
        if line:
            block.append(line)
        elif block:
            sections.append({"heading": block[0], "paragraphs": block[1:]})
            block = []
    return sections
