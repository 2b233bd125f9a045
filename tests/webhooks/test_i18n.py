"""The webhook pages in German and French; event names stay as they are."""

from __future__ import annotations

from partnerbook.webhooks import services


def _speaking(user, language: str):
    user.language = language
    user.save(update_fields=["language"])
    return user


def test_a_german_administrator_gets_german_webhook_pages(login, admin_user):
    hook = services.create_webhook(
        admin_user, {"url": "https://erp.example.com/hooks", "events": ["alert.raised"]}
    )
    client = login(_speaking(admin_user, "de"))

    listing = client.get("/webhooks/").content.decode()
    assert "Webhook hinzufügen" in listing and "Noch keine Webhooks." not in listing
    assert "<code>alert.raised</code> — Warnung ausgelöst" in listing

    detail = client.get(f"/webhooks/{hook.pk}/").content.decode()
    assert "Zustellprotokoll" in detail and "Ereignisse: Warnung ausgelöst" in detail


def test_a_french_administrator_gets_a_french_form(login, admin_user):
    html = login(_speaking(admin_user, "fr")).get("/webhooks/new").content.decode()

    assert "Ajouter un webhook" in html and "Adresse (URL)" in html
