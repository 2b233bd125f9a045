"""The referral and recognition pages as people meet them: who may read and write, what bad
input shows, each form's happy path, the printable pages and the downloads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerbook.recognition import services
from partnerbook.recognition.models import IdealSupplierProfile, Referral, Win
from partnerbook.relationship.models import TrustEntry
from partnerbook.suppliers.models import Supplier

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def html_of(response, status: int = 200) -> str:
    assert response.status_code == status, response.content[:3000]
    return response.content.decode()


# --- reading --------------------------------------------------------------------------------


def test_a_viewer_reads_every_page_but_gets_no_forms(login, viewer, referral, win, supplier_a):
    client = login(viewer)
    page = html_of(client.get(reverse("recognition:referrals")))
    assert "Gamma Films" in page and 'id="pipeline-share"' in page and 'id="retention"' in page
    assert 'id="referral-form"' not in page
    detail = html_of(client.get(reverse("recognition:referral", args=[referral.pk])))
    assert 'id="move-form"' not in detail and 'id="prospect-form"' not in detail
    tab = html_of(client.get(reverse("recognition:supplier", args=[supplier_a.pk])))
    assert "Saved the spring launch" in tab and 'id="win-form"' not in tab
    assert html_of(client.get(reverse("recognition:wins"))).count('<tr id="win-') == 1
    assert 'id="edit-link"' not in html_of(client.get(reverse("recognition:profile")))


def test_a_viewer_cannot_write(login, viewer, referral, win, supplier_a):
    client = login(viewer)
    posts = [
        (reverse("recognition:referrals"), {"referring_supplier": supplier_a.pk,
                                            "company_name": "X", "reward_status": "none"}),
        (reverse("recognition:referral", args=[referral.pk]), {"company_name": "Y"}),
        (reverse("recognition:referral_move", args=[referral.pk]), {"status": "contacted"}),
        (reverse("recognition:prospect", args=[referral.pk]), {}),
        (reverse("recognition:record_win", args=[supplier_a.pk]), {"title": "x", "story": "y"}),
        (reverse("recognition:win", args=[win.pk]), {"title": "x", "story": "y"}),
        (reverse("recognition:publish", args=[win.pk]), {"published": "yes"}),
        (reverse("recognition:profile_edit"), {"title": "x"}),
    ]  # fmt: skip
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("recognition:profile_edit")).status_code == 403
    assert Referral.objects.count() == 1 and Win.objects.count() == 1
    assert not Win.objects.get().published


def test_a_buyer_records_wins_for_own_suppliers_only(login, buyer, supplier_a, supplier_b):
    client = login(buyer)
    assert 'id="win-form"' in html_of(
        client.get(reverse("recognition:supplier", args=[supplier_a.pk]))
    )
    assert 'id="win-form"' not in html_of(
        client.get(reverse("recognition:supplier", args=[supplier_b.pk]))
    )
    url = reverse("recognition:record_win", args=[supplier_b.pk])
    assert client.post(url, {"title": "x", "story": "y"}).status_code == 403


def test_portal_users_are_refused_every_page(login, portal_user_a, supplier_a, referral, win):
    client = login(portal_user_a)
    for url in (reverse("recognition:referrals"), reverse("recognition:wins"),
                reverse("recognition:profile"), reverse("recognition:profile_download"),
                reverse("recognition:supplier", args=[supplier_a.pk]),
                reverse("recognition:stories", args=[supplier_a.pk]),
                reverse("recognition:win", args=[win.pk]),
                reverse("recognition:referral", args=[referral.pk])):  # fmt: skip
        assert client.get(url).status_code == 403, url


# --- writing --------------------------------------------------------------------------------


def test_recording_a_win_from_the_tab_makes_a_deposit(login, buyer, supplier_a):
    client = login(buyer)
    response = client.post(
        reverse("recognition:record_win", args=[supplier_a.pk]),
        {"title": "Rescued the audit", "story": "Files in a day.", "happened_on": TODAY(),
         "trust_points": "4", "published": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    win = Win.objects.get()
    assert win.published and win.trust_entry.points == 4
    tab = html_of(client.get(reverse("recognition:supplier", args=[supplier_a.pk])))
    assert "Rescued the audit" in tab and "+4" in tab


def test_a_bad_win_shows_the_errors_beside_the_fields(login, buyer, supplier_a):
    response = login(buyer).post(
        reverse("recognition:record_win", args=[supplier_a.pk]),
        {"title": "", "story": "x", "happened_on": "2999-01-01", "trust_points": "99"},
    )
    page = html_of(response, 400)
    assert 'id="error-trust_points"' in page
    assert not Win.objects.exists() and not TrustEntry.objects.exists()
    response = login(buyer).post(
        reverse("recognition:record_win", args=[supplier_a.pk]),
        {"title": "Fine", "story": "x", "happened_on": "2999-01-01"},
    )
    assert 'id="error-happened_on"' in html_of(response, 400)


def test_editing_and_publishing_a_win_keeps_one_deposit(login, buyer, win, supplier_a):
    client = login(buyer)
    response = client.post(
        reverse("recognition:win", args=[win.pk]),
        {"title": "Saved the launch", "story": "Tooling reworked.", "happened_on": win.happened_on,
         "version": win.version},
    )  # fmt: skip
    assert response.status_code == 302
    client.post(reverse("recognition:publish", args=[win.pk]), {"published": "yes"})
    win.refresh_from_db()
    assert win.title == "Saved the launch" and win.published
    assert TrustEntry.objects.filter(supplier=supplier_a).count() == 1
    stale = client.post(reverse("recognition:win", args=[win.pk]),
                        {"title": "Old", "story": "x", "version": 1})  # fmt: skip
    assert stale.status_code == 400


def test_the_story_page_prints_published_wins_only(login, viewer, buyer, win, supplier_a):
    hidden = services.record_win(buyer, supplier_a, {"title": "Quiet one", "story": "Later."})
    services.set_published(buyer, win, True)
    page = html_of(login(viewer).get(reverse("recognition:stories", args=[supplier_a.pk])))
    assert "Saved the spring launch" in page and hidden.title not in page
    assert 'id="print-button"' in page and "recognition/recognition.js" in page


def test_recording_a_referral_and_moving_it(login, buyer, supplier_a, supplier_b):
    client = login(buyer)
    response = client.post(reverse("recognition:referrals"), {
        "referring_supplier": supplier_a.pk, "referred_supplier": supplier_b.pk,
        "received_on": TODAY() - dt.timedelta(days=5), "reward_status": "promised",
        "reward_amount": "250", "reward_currency": "EUR", "reward_text": "Referral fee",
    })  # fmt: skip
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.referred_supplier == supplier_b and referral.category == supplier_b.category
    move = client.post(reverse("recognition:referral_move", args=[referral.pk]),
                       {"status": "onboarded", "version": referral.version})  # fmt: skip
    assert move.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "onboarded"
    page = html_of(client.get(reverse("recognition:referral", args=[referral.pk])))
    assert 'id="move-form"' not in page  # onboarded is where it ends


def test_bad_referral_input_names_the_field(login, buyer, supplier_a, referral):
    client = login(buyer)
    page = html_of(client.post(reverse("recognition:referrals"), {
        "referring_supplier": supplier_a.pk, "reward_status": "paid",
    }), 400)  # fmt: skip
    assert 'id="error-company_name"' in page
    page = html_of(client.post(reverse("recognition:referrals"), {
        "referring_supplier": "99999999999999999999", "company_name": "X", "reward_status": "none",
    }), 400)  # fmt: skip
    assert 'id="error-referring_supplier"' in page
    page = html_of(client.post(reverse("recognition:referral_move", args=[referral.pk]),
                               {"status": "onboarded", "on": "2000-01-01"}), 400)  # fmt: skip
    assert 'id="error-on"' in page
    assert Referral.objects.count() == 1


def test_create_as_prospect_from_the_referral_page(login, buyer, referral):
    client = login(buyer)
    assert 'id="prospect-form"' in html_of(
        client.get(reverse("recognition:referral", args=[referral.pk]))
    )
    response = client.post(reverse("recognition:prospect", args=[referral.pk]))
    assert response.status_code == 302
    supplier = Supplier.objects.get(name="Gamma Films")
    assert supplier.status == "prospect"
    again = client.post(reverse("recognition:prospect", args=[referral.pk]))
    assert again.status_code == 400


def test_the_referrals_list_filters(login, viewer, referral, buyer, supplier_b):
    services.record_referral(buyer, supplier_b, {"company_name": "Zeta Labels"})
    client = login(viewer)
    page = html_of(client.get(reverse("recognition:referrals"), {"q": "zeta"}))
    assert "Zeta Labels" in page and "Gamma Films" not in page
    page = html_of(client.get(reverse("recognition:referrals"), {"referring": "9" * 30}))
    assert "Zeta Labels" in page and "Gamma Films" in page  # an impossible id is ignored


# --- the ideal-supplier profile -------------------------------------------------------------


def test_a_manager_edits_the_profile_and_anyone_internal_reads_and_downloads_it(
    login, manager, viewer
):
    client = login(manager)
    assert client.get(reverse("recognition:profile_edit")).status_code == 200
    response = client.post(reverse("recognition:profile_edit"), {
        "title": "Partnering with Hollen", "what_we_look_for": "Engineers who listen.",
        "what_partners_get": "Early sight of our plans.", "how_to_start": "Write to us.",
        "contact": "sourcing@hollen.example", "version": 1,
    })  # fmt: skip
    assert response.status_code == 302
    reader = login(viewer)
    page = html_of(reader.get(reverse("recognition:profile")))
    assert "Engineers who listen." in page and 'id="print-button"' in page
    md = reader.get(reverse("recognition:profile_download"), {"format": "md"})
    assert md["Content-Type"].startswith("text/markdown")
    assert b"# Partnering with Hollen" in md.content
    html = reader.get(reverse("recognition:profile_download"), {"format": "html"})
    assert b"<h2>What we look for</h2>" in html.content
    assert "attachment" in html["Content-Disposition"]
    assert reader.get(reverse("recognition:profile_download"), {"format": "pdf"}).status_code == 404
    assert IdealSupplierProfile.history.count() == 1


def test_a_profile_without_title_is_refused(login, manager):
    page = html_of(login(manager).post(reverse("recognition:profile_edit"), {"title": ""}), 400)
    assert 'id="error-title"' in page


def test_the_supplier_overview_shows_the_card_and_the_timeline_the_win(
    login, viewer, win, supplier_a
):
    client = login(viewer)
    overview = html_of(client.get(reverse("suppliers:detail", args=[supplier_a.pk])))
    assert 'id="recognition-card"' in overview and "Saved the spring launch" in overview
    timeline = html_of(
        client.get(reverse("suppliers:detail_tab", args=[supplier_a.pk, "timeline"]))
    )
    assert "Win recognised: Saved the spring launch" in timeline


def test_the_nav_links_to_recognition(login, viewer):
    page = html_of(login(viewer).get(reverse("suppliers:list")))
    assert reverse("recognition:referrals") in page


def test_a_buyer_changes_a_referrals_reward_on_its_page(login, other_buyer, referral):
    client = login(other_buyer)
    url = reverse("recognition:referral", args=[referral.pk])
    page = html_of(client.get(url))
    assert 'id="referral-form"' in page and 'id="move-form"' in page
    response = client.post(url, {
        "referring_supplier": referral.referring_supplier_id, "company_name": "Gamma Films",
        "received_on": referral.received_on, "reward_status": "paid", "paid_on": TODAY(),
        "reward_amount": "150", "reward_currency": "EUR", "version": referral.version,
    })  # fmt: skip
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.reward_status == "paid" and referral.reward_amount == 150
    bad = client.post(url, {
        "referring_supplier": referral.referring_supplier_id, "company_name": "Gamma Films",
        "reward_status": "promised", "paid_on": TODAY(), "version": referral.version,
    })  # fmt: skip
    assert 'id="error-paid_on"' in html_of(bad, 400)
