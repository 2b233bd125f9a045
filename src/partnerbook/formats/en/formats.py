"""English formats as our users read them: ISO dates (2026-11-27) where Django's English
would put the month first. Everything else is Django's English.

German and French keep Django's own formats (27.11.2026, 27/11/2026, decimal commas)."""

SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
