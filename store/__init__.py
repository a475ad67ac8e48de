"""Persistence: the only package that imports sqlmodel. Pages and CLIs call its services."""
