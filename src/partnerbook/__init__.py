"""Partnerbook: supplier partnership management."""

__version__ = "0.1.0"
