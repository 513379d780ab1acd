"""CSV export and import, backups, restore and integrity checks (no UI: never imports tui)."""
