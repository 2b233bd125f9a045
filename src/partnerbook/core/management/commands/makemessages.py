"""Django's makemessages, also collecting `partnerbook.core.marks.ngettext_noop` (singular
and plural) from the pure domain code."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=ngettext_noop:1,2"]
