"""The schema version this code writes (``PRAGMA user_version``)."""

LATEST = 7
