"""The demo portfolio: an invented buyer and its suppliers, loaded by `partnerbook demo`.

`data.py` holds the story as plain values; `loader.py` replays it through the services so
that the audit trail and relationship-owner history look as they would after years of use.
"""
