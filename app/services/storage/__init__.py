"""The data folder and its files: opening, locking, migrating, backups, the exchange file."""
