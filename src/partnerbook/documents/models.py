"""Models of documents."""
