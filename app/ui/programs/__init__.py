"""The «Программы» tab: the programs list and the program editor (note, roadmap, journal)."""
