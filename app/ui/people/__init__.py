"""The «Участники» tab: the registry table, the participant dialog, staff import, consent text."""
