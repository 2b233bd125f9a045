"""Marks text for the translators where Django may not be imported (the pure `domain.py`
modules): `gettext_noop` returns its argument unchanged, and `makemessages` collects it like
any other message. The page that shows such a text translates it there, with
`{% translate value %}` in a template or `gettext(value)` in a view."""


def gettext_noop(message: str) -> str:
    return message
