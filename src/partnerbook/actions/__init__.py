"""Action items: the one model for "someone does something by a date" (plan objectives,
recovery steps, and later performance, playbook and conflict actions)."""
