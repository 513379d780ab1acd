"""Messages of the pipeline board."""

EN: dict[str, str] = {}

ZH: dict[str, str] = {}
