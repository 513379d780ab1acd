"""Allow ``python -m fieldcrm``."""

from fieldcrm.cli import main

raise SystemExit(main())
