"""The choices export and import offer, importable without loading the database layer
(the CLI builds its ``--help`` from them)."""

from __future__ import annotations

EXPORTS = ("pipeline", "people", "activities", "agenda", "plan", "report")
EXPORT_ENCODINGS = ("utf-8-sig", "utf-8", "gbk")
IMPORT_ENCODINGS = ("auto", "utf-8", "utf-8-sig", "gbk")
ON_DUPLICATE = ("skip", "merge")
GRADES = ("A", "B", "C", "D")
# the report's periods in days, today included (as on the report screen; checked against
# store.report_stats.PERIODS by io.report_sheet), and the one the screen opens at
REPORT_PERIODS = ("30", "90", "365", "all")
DEFAULT_REPORT_PERIOD = "90"
