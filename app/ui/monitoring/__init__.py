"""Monitoring dialogs: indicators, questionnaires and answers, the half-year report."""
