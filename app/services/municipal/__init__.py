"""The municipal methodical office (ГМК): the store of schools' snapshots and its views."""
