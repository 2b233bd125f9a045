"""Finds what the translators cannot reach yet.

    python scripts/i18n_check.py [APP ...]        text in templates not marked for translation
    python scripts/i18n_check.py --catalogues     messages the German or French catalogue lacks
    python scripts/i18n_check.py --update         bring every catalogue up to date, in place
                                                  (then translate, then `make messages`)

Templates: after removing comments, scripts, styles, everything inside {% translate %} and
{% blocktranslate %}, and every other tag and variable, no letters may be left, neither in the
text nor in the attributes people read (title, placeholder, aria-label, alt, hx-confirm,
data-confirm). A template that is not a page (a calendar feed, a plain-text body) says so
with `{# i18n: not a page #}` on its first line.

Catalogues: each catalogue is brought up to date with the sources, in a copy of the tree (the
same `makemessages` the translators run), and any message left without a translation, or
marked fuzzy, is a gap. The tests (tests/core/test_i18n.py) call both checks.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "partnerbook"
LANGUAGES = ("de", "fr")
NOT_A_PAGE = "{# i18n: not a page #}"

# Words and symbols that read the same in every language we speak.
SAME_IN_EVERY_LANGUAGE = {
    "Partnerbook", "HHI", "KPI", "KPIs", "API", "CSV", "XLSX", "ICS", "JSON", "URL", "OTIF",
    "8D", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "ERP", "ID", "OK", "TOTP", "HMAC",
    "SSO", "OpenID", "Connect", "E-Mail", "RACI", "SLA", "ESG", "ISO", "PPM", "ppm", "Δ", "%",
    "x", "vs", "n/a", "QR", "PDF", "HTTP", "HTTPS", "POST", "SHA-256", "SHA256", "UTC",
}  # fmt: skip

_COMMENT = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)
_SCRIPT_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_BLOCKTRANSLATE = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}", re.S
)
_TRANSLATE = re.compile(r"{%\s*trans(?:late)?\s.*?%}", re.S)
_TAG_OR_VARIABLE = re.compile(r"{%.*?%}|{{.*?}}", re.S)
_READ_ATTRIBUTES = re.compile(
    r"""\s(title|placeholder|aria-label|alt|hx-confirm|data-confirm|label)\s*=\s*(["'])(.*?)\2""",
    re.S | re.I,
)
_PO_LINE = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?|msgctxt)\s+(".*")$')
_HTML_TAG = re.compile(r"<[^>]*>", re.S)
_ENTITY = re.compile(r"&#?\w+;")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.U)


def _blank(match: re.Match[str]) -> str:
    """Replace a match by as many newlines as it spanned, so line numbers stay true."""
    return "\n" * match.group(0).count("\n")


def _leftover_words(text: str) -> list[str]:
    text = _ENTITY.sub(" ", text)
    words = [w.strip(".-'’") for w in _WORD.findall(text)]
    return [w for w in words if w and w not in SAME_IN_EVERY_LANGUAGE and len(w) > 1]


def unmarked(template: Path) -> list[tuple[int, str]]:
    """(line, text) for each piece of readable text in `template` not marked for
    translation."""
    source = template.read_text(encoding="utf-8")
    if source.startswith(NOT_A_PAGE):
        return []
    text = _COMMENT.sub(_blank, source)
    text = _SCRIPT_STYLE.sub(_blank, text)
    text = _BLOCKTRANSLATE.sub(_blank, text)
    text = _TRANSLATE.sub(_blank, text)
    found: list[tuple[int, str]] = []
    for match in _READ_ATTRIBUTES.finditer(text):
        value = _TAG_OR_VARIABLE.sub(" ", match.group(3))
        if _leftover_words(value):
            line = text.count("\n", 0, match.start()) + 1
            found.append((line, f'{match.group(1)}="{match.group(3).strip()}"'))
    text = _TAG_OR_VARIABLE.sub(_blank, text)
    text = _HTML_TAG.sub(_blank, text)
    for number, line in enumerate(text.split("\n"), start=1):
        if _leftover_words(line):
            found.append((number, " ".join(line.split())))
    return sorted(found)


def templates(apps: list[str] | None = None) -> list[Path]:
    roots = [PACKAGE / app for app in apps] if apps else [PACKAGE]
    return sorted(p for root in roots for p in root.rglob("*.html") if "templates" in p.parts)


def catalogue_roots() -> list[Path]:
    """Every folder that keeps a catalogue: the project's (base page, sign-in, errors) and
    each app's."""
    return [PACKAGE] + sorted(p.parent for p in PACKAGE.glob("*/locale") if p.is_dir())


def _entries(po: Path) -> list[tuple[str, str, bool]]:
    """(msgid, first msgstr, fuzzy) for each entry of a .po file, the header left out."""
    entries: list[tuple[str, str, bool]] = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        current = None
        parts: dict[str, str] = {}
        for line in lines:
            if line.startswith("#"):
                continue
            keyword = _PO_LINE.match(line)
            if keyword:
                current = keyword.group(1)
                parts[current] = ast.literal_eval(keyword.group(2))  # a C string, as in Python
            elif line.startswith('"') and current:
                parts[current] += ast.literal_eval(line)
        if "msgid" in parts and parts["msgid"]:
            translation = parts.get("msgstr", parts.get("msgstr[0]", ""))
            entries.append((parts["msgid"], translation, fuzzy))
    return entries


def catalogue_gaps() -> dict[str, list[str]]:
    """{"<root>/<language>": [msgid, ...]} for each message the sources use that the
    catalogue does not translate (or translates only fuzzily)."""
    gaps: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as temporary:
        copy = Path(temporary) / "partnerbook"
        shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        for root in catalogue_roots():
            relative = root.relative_to(PACKAGE)
            here = copy / relative
            (here / "locale").mkdir(exist_ok=True)
            _makemessages(here, _ignored(root))
            for language in LANGUAGES:
                for po in sorted((here / "locale" / language / "LC_MESSAGES").glob("*.po")):
                    entries = _entries(po)
                    missing = [message for message, text, fuzzy in entries if not text or fuzzy]
                    if missing:
                        gaps[f"{relative or 'partnerbook'}/{language}/{po.name}"] = missing
    return gaps


def _ignored(root: Path) -> list[str]:
    """The project's catalogue takes every message no app catalogue takes."""
    if root != PACKAGE:
        return []
    return [f"{p.name}/*" for p in catalogue_roots()[1:]] + ["vendor/*"]


def update_catalogues() -> None:
    for root in catalogue_roots():
        (root / "locale").mkdir(exist_ok=True)
        _makemessages(root, _ignored(root))


def _makemessages(where: Path, ignore: list[str]) -> None:
    command = [sys.executable, "-m", "django", "makemessages", "--no-obsolete", "--no-location"]
    command += [f"--locale={language}" for language in LANGUAGES]
    command += [f"--ignore={pattern}" for pattern in ignore]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "partnerbook.settings"}
    subprocess.run(command, cwd=where, env=env, check=True, capture_output=True, text=True)  # noqa: S603
    if where.name == "partnerbook" and (where / "static").is_dir():  # the scripts' own texts
        command += ["--domain=djangojs"]
        subprocess.run(command, cwd=where, env=env, check=True, capture_output=True, text=True)  # noqa: S603


def main(argv: list[str]) -> int:
    if argv[:1] == ["--update"]:
        update_catalogues()
        return 0
    if argv[:1] == ["--catalogues"]:
        gaps = catalogue_gaps()
        for where, messages in sorted(gaps.items()):
            print(f"{where}: {len(messages)} untranslated")
            for message in messages:
                print(f"    {message!r}")
        return 1 if gaps else 0
    total = 0
    for template in templates(argv or None):
        for line, text in unmarked(template):
            print(f"{template.relative_to(ROOT)}:{line}: {text}")
            total += 1
    print(f"{total} unmarked", file=sys.stderr)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
