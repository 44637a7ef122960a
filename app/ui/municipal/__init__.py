"""The municipal window: the methodical office's schools, heat map and summary."""
