"""Contact coverage: who meets whom on which level; bow-tie or diamond."""
