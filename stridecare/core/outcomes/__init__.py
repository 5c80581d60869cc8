"""Outcome measures and well-being screeners: exact scoring, change rule and schedule (sections 4 and 8)."""
