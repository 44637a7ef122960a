"""The «Диагностика» tab: teacher's card, school view, before/after, directions and levels."""
