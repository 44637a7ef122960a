"""Widgets, dialog helpers, table-model base and the job runner shared by every screen."""
