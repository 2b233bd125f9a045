"""The supplier pages in German and French; exports keep their English headers and values."""

from __future__ import annotations

import csv
import io


def _speaking(user, language: str):
    user.language = language
    user.save(update_fields=["language"])
    return user


def test_a_german_buyer_gets_a_german_supplier_list_and_page(login, buyer, supplier_a):
    client = login(_speaking(buyer, "de"))

    listing = client.get("/suppliers/").content.decode()
    assert "<h1>Lieferanten</h1>" in listing
    assert "Jährliches Einkaufsvolumen" in listing and "Annual spend" not in listing
    assert ">Aktiv<" in listing  # the status label, translated

    page = client.get(supplier_a.get_absolute_url()).content.decode()
    assert "Rechtlicher Name" in page and "Übersicht" in page
    assert "250.000" in page  # the displayed amount follows German


def test_a_french_buyer_gets_a_french_import_page(login, manager):
    html = login(_speaking(manager, "fr")).get("/suppliers/import/").content.decode()

    assert "Importer depuis un fichier" in html
    assert "Télécharger le modèle Excel" in html


def test_the_export_keeps_english_headers_for_a_german_buyer(login, buyer, supplier_a):
    response = login(_speaking(buyer, "de")).get("/suppliers/export.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["external_id", "name", "legal_name"]
    assert "active" in rows[1]
