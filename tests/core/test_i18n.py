"""Translations: every template's text is marked, every message has a German and a French
translation, the compiled catalogues match their sources, and each person reads the pages in
their own language while the API keeps speaking English."""

from __future__ import annotations

import gettext
import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("i18n_check", ROOT / "scripts" / "i18n_check.py")
assert _spec and _spec.loader
i18n_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(i18n_check)


# --- the checker itself -------------------------------------------------------------------


def test_the_checker_finds_unmarked_text_and_passes_marked_text(tmp_path):
    page = tmp_path / "templates" / "page.html"
    page.parent.mkdir()
    page.write_text(
        '{% extends "base.html" %}\n'
        '{% block content %}<h1>{% translate "Suppliers" %}</h1>\n'
        "<p>{% blocktranslate trimmed %}Hello {{ name }}{% endblocktranslate %}</p>\n"
        "<p>{{ supplier.name }} · 42 %</p>{# a comment #}\n"
        '<button title="Remove this">×</button>\n'
        "<p>Forgotten text</p>\n"
        "<script>const label = 'not for people';</script>{% endblock %}\n"
    )
    found = i18n_check.unmarked(page)
    assert found == [(5, 'title="Remove this"'), (6, "Forgotten text")]


def test_the_checker_reads_catalogue_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n'
        'msgid "Suppliers"\nmsgstr "Lieferanten"\n\n'
        '#, fuzzy\nmsgid "Save"\nmsgstr "Sichern"\n\n'
        'msgid ""\n"Two "\n"lines"\nmsgstr ""\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "eins"\nmsgstr[1] "viele"\n',
        encoding="utf-8",
    )
    assert i18n_check._entries(po) == [
        ("Suppliers", "Lieferanten", False),
        ("Save", "Sichern", True),
        ("Two lines", "", False),
        ("one", "eins", False),
    ]


# --- the product --------------------------------------------------------------------------


def test_every_template_marks_its_text_for_translation():
    problems = [
        f"{template.relative_to(ROOT)}:{line}: {text}"
        for template in i18n_check.templates()
        for line, text in i18n_check.unmarked(template)
    ]
    assert not problems, "Text not marked for translation:\n" + "\n".join(problems)


def test_german_and_french_catalogues_translate_every_message():
    gaps = i18n_check.catalogue_gaps()
    report = "\n".join(f"{where}: {messages[:5]}" for where, messages in sorted(gaps.items()))
    assert not gaps, "Untranslated (run scripts/i18n_check.py --update, translate):\n" + report


def _catalogue(mo: Path) -> dict[object, str]:
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


def test_compiled_catalogues_match_their_sources(tmp_path):
    pos = sorted(i18n_check.PACKAGE.glob("**/locale/*/LC_MESSAGES/*.po"))
    assert len(pos) >= 2 * len(i18n_check.catalogue_roots())
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext's msgfmt is needed (Debian package gettext)"
    for po in pos:
        compiled = tmp_path / "fresh.mo"
        subprocess.run([msgfmt, "--check", "-o", str(compiled), str(po)], check=True)  # noqa: S603
        committed = po.with_suffix(".mo")
        assert committed.exists(), f"{po} is not compiled: run `make messages`"
        assert _catalogue(committed) == _catalogue(compiled), f"{committed} is stale"


def test_short_dates_and_numbers_follow_the_language():
    from datetime import date

    page = Template('{{ day|date:"SHORT_DATE_FORMAT" }} | {{ amount|floatformat:"2g" }}')
    context = Context({"day": date(2026, 11, 27), "amount": 1234.5})
    rendered = {}
    for language in ("en", "de", "fr"):
        with translation.override(language):
            rendered[language] = page.render(context)
    assert rendered["en"] == "2026-11-27 | 1,234.50"  # our English keeps ISO dates
    assert rendered["de"] == "27.11.2026 | 1.234,50"
    assert rendered["fr"] == "27/11/2026 | 1\xa0234,50"


# --- each person's language ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_person_reads_the_pages_in_the_language_they_chose(login, buyer, supplier_a):
    buyer.language = "de"
    buyer.save(update_fields=["language"])
    page = login(buyer).get("/suppliers/", HTTP_ACCEPT_LANGUAGE="fr")  # their choice wins

    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="de"' in html
    assert ">Lieferanten</a>" in html and ">Abmelden</button>" in html
    assert page["Content-Language"] == "de"


@pytest.mark.django_db
def test_without_a_choice_the_browser_decides(login, buyer):
    anonymous = Client().get("/login/", HTTP_ACCEPT_LANGUAGE="fr-CH, de;q=0.5")
    assert "<h1>Se connecter</h1>" in anonymous.content.decode()
    english = login(buyer).get("/suppliers/", HTTP_ACCEPT_LANGUAGE="en")
    assert ">Suppliers</a>" in english.content.decode()


@pytest.mark.django_db
def test_the_language_page_saves_a_choice_and_refuses_an_unknown_one(login, viewer):
    client = login(viewer)
    assert client.get("/account/language/").status_code == 200

    refused = client.post("/account/language/", {"language": "xx"})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    viewer.refresh_from_db()
    assert viewer.language == ""

    saved = client.post("/account/language/", {"language": "fr"}, follow=True)
    viewer.refresh_from_db()
    assert viewer.language == "fr"
    html = saved.content.decode()
    assert "Votre langue est enregistrée." in html and '<html lang="fr"' in html


def test_the_language_page_needs_a_signed_in_person():
    page = Client().get("/account/language/")
    assert page.status_code == 302 and page.url.startswith("/login/")


@pytest.mark.django_db
def test_the_api_sets_the_language_and_keeps_speaking_english(login, portal_user_a):
    portal_user_a.language = "de"
    portal_user_a.save(update_fields=["language"])
    client = login(portal_user_a)  # portal users choose too

    assert client.get("/api/v1/account/language").json() == {
        "language": "de",
        "choices": ["en", "de", "fr"],
    }
    refused = client.put(
        "/api/v1/account/language", {"language": "klingon"}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused["Content-Language"] == "en"
    error = refused.json()["errors"][0]
    assert error["field"] == "language" and "valid choice" in error["message"]

    chosen = client.put(
        "/api/v1/account/language", {"language": "fr"}, content_type="application/json"
    )
    assert chosen.status_code == 200 and chosen.json()["language"] == "fr"
    portal_user_a.refresh_from_db()
    assert portal_user_a.language == "fr"


@pytest.mark.django_db
def test_the_scripts_get_their_texts_in_the_page_language(login, viewer):
    viewer.language = "de"
    viewer.save(update_fields=["language"])
    client = login(viewer)
    catalogue = client.get("/jsi18n/").content.decode()
    assert (
        '"Strategisch"' in catalogue
        and '"Klicken, um den Lieferanten zu \\u00f6ffnen"' in catalogue
    )
    assert '<script src="/jsi18n/">' in client.get("/suppliers/").content.decode()
