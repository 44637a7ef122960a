"""The demo school, built step by step through the ordinary services."""
