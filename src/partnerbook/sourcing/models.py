"""Models of sourcing."""
