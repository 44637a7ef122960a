"""«Куратор»: the curator of teacher mentoring's desktop workplace."""

__version__ = "0.1.0"
APP_NAME = "Куратор"
