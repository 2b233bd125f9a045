"""Collaboration practices run with a supplier, and the agreements (NDAs) they rest on."""
