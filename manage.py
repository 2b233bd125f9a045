#!/usr/bin/env python
"""Django's manage.py, kept for habit; `partnerbook` does the same."""

from partnerbook.cli import main

if __name__ == "__main__":
    main()
