"""Deterministic demo data for ``fieldcrm demo`` (see ``fieldcrm.demo.generate``)."""
