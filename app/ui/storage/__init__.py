"""Menu actions on whole files: backups, restore, the exchange file, table exports."""
