"""Screens of the fieldcrm app."""
