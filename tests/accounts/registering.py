"""What registering through the public page takes, shared by the tests of the page
(tests/accounts) and of its review (tests/sourcing)."""

from __future__ import annotations

from django.test import Client

from partnerbook.accounts.models import User
from partnerbook.sourcing.models import Candidate
from partnerbook.suppliers.models import Contact, Supplier

REGISTER = "/account/register/"
PASSWORD = "corrugated board every tuesday"


def form(**changes):
    data = {
        "company_name": "Nordic Fibre", "country": "SE", "website": "https://nordic.test",
        "offer": "Moulded fibre trays, made from recycled paper.",
        "contact_name": "Ingrid Holm", "email": "ingrid@nordic.test", "username": "ingrid",
        "password1": PASSWORD, "password2": PASSWORD,
    }  # fmt: skip
    data.update(changes)
    return data


def register(client: Client | None = None, address: str = "10.0.0.1", **changes):
    return (client or Client()).post(REGISTER, form(**changes), REMOTE_ADDR=address)


def nothing_created() -> bool:
    """No supplier, contact, user or candidacy came out of the registration."""
    return (
        not Supplier.objects.filter(name="Nordic Fibre").exists()
        and not Contact.objects.filter(email="ingrid@nordic.test").exists()
        and not User.objects.filter(username__iexact="ingrid").exists()
        and not Candidate.objects.exists()
    )
