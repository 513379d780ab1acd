"""The choices export and import offer, importable without loading the database layer
(the CLI builds its ``--help`` from them)."""

from __future__ import annotations

from fieldcrm.domain.scoring import GRADES

__all__ = ["CALENDAR", "EXPORTS", "EXPORT_ENCODINGS", "GRADES", "IMPORT_ENCODINGS", "ON_DUPLICATE"]

CALENDAR = "calendar"  # an iCalendar file (io/calendar.py), not a CSV
EXPORTS = ("pipeline", "people", "activities", "agenda", "plan", "report", CALENDAR)
EXPORT_ENCODINGS = ("utf-8-sig", "utf-8", "gbk")
IMPORT_ENCODINGS = ("auto", "utf-8", "utf-8-sig", "gbk")
ON_DUPLICATE = ("skip", "merge")
