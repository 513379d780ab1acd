"""Turn pydantic validation errors into message keys a user can read in either language."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

FieldErrors = dict[str, tuple[str, dict[str, Any]]]

_BY_TYPE: dict[str, str] = {
    "missing": "error.required",
    "string_too_short": "error.required",
    "string_too_long": "error.too_long",
    "greater_than_equal": "error.min",
    "less_than_equal": "error.max",
    "int_parsing": "error.number",
    "int_type": "error.number",
    "int_from_float": "error.number",
    "date_parsing": "error.date",
    "date_from_datetime_parsing": "error.date",
    "date_type": "error.date",
    "enum": "error.choice",
}


def field_errors(exc: ValidationError) -> FieldErrors:
    """``{field: (message key, params)}``; errors on the whole model go under ``""``."""
    out: FieldErrors = {}
    for err in exc.errors():
        params: dict[str, Any]
        field = str(err["loc"][0]) if err["loc"] else ""
        ctx = err.get("ctx") or {}
        kind = err["type"]
        if kind == "value_error" and "error" in ctx:
            key, params = str(ctx["error"]), {}
        elif kind == "string_type" and err.get("input") is None:
            key, params = "error.required", {}
        else:
            key = _BY_TYPE.get(kind, "error.invalid")
            params = {
                "min": ctx.get("ge", ctx.get("min_length")),
                "max": ctx.get("le", ctx.get("max_length")),
            }
        out.setdefault(field, (key, params))
    return out
