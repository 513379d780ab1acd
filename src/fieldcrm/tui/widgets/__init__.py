"""Widgets of the fieldcrm screens."""
