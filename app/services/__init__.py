"""Use cases and rules: validation, search, import, backups, exchange. No Qt widgets here."""
