"""The meeting cadence, overdue meetings, calendar files and feeds, and the annual
relationship health check."""
