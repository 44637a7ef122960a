"""Mentoring pairs and groups: rules, checks, history, mentor suggestions, the bases and pairs list."""
