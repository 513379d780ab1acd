"""Allow ``python -m fieldcrm``."""

from fieldcrm.cli import entry

raise SystemExit(entry())
