"""Monitoring: indicators, questionnaires and their results, half-years and the half-year report."""
