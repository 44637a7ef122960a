"""Personalized programs: the note, the roadmap, journal and reflection, templates, printable copies."""
