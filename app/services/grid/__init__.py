"""Diagnostics: rounds, the colour grid by direction, levels, before/after, printable grids."""
