"""Demo stories of the portal's documents, questions and onboarding space, scheduled on the
demo loader's clock through the features' own services (never hand-made rows).

- Nordpack: its ISO 9001 certificate, shared with them, runs out in 45 days; Aisha
  asked for the renewal. Linnea asked about the artwork files of the recycled-fibre insert
  and Aisha answered; the question is still open. A packaging specification is shared, a
  contract draft stays internal.
- Sterilis Medical Packaging: sent its sterilisation validation report when Bruno asked
  for it, and a question about December delivery slots was answered and closed.
- Datawell Analytics (onboarding): Rita has her portal login, ticked one of their tasks,
  reads the onboarding guide we shared and asked how the EDI test works.
- The FAQs every supplier sees in the onboarding space."""

from __future__ import annotations

import io
from datetime import timedelta
from functools import partial
from typing import Any

from django.utils import timezone

from partnerbook.documents import domain as documents_domain
from partnerbook.documents import services as documents
from partnerbook.documents.models import Document, DocumentRequest
from partnerbook.onboarding import portal as onboarding_portal
from partnerbook.onboarding import services as onboarding
from partnerbook.onboarding.models import OnboardingTask
from partnerbook.suppliers import services as suppliers
from partnerbook.tickets import services as tickets
from partnerbook.tickets.models import Ticket

FAQS = (
    (
        "Who is my contact on your side?",
        "Your point of contact is named at the top of your onboarding plan. For anything "
        "about orders, quality or invoices, start with them; they bring in the right "
        "colleague.",
    ),
    (
        "When and how do you pay invoices?",
        "We pay 30 days after we receive a correct invoice. An invoice must name our order "
        "number and match what we received; otherwise it waits until that is sorted out.",
    ),
    (
        "Which documents do you need from us?",
        "Usually your ISO 9001 certificate, proof of liability insurance and, for some "
        "parts, environmental or sustainability certificates. We ask for each one under "
        "Documents, where you can upload it.",
    ),
    (
        "How does the EDI test work?",
        "We send a few test orders; your system answers with confirmations, delivery notes "
        "and invoices. Once these arrive without errors, the connection goes live.",
    ),
    (
        "What happens at the first joint review?",
        "Around day 90 we look back together: how deliveries and quality went against the "
        "success criteria in the plan, what to improve on both sides, and how often we meet "
        "from then on.",
    ),
)

NORDPACK_QUESTION = (
    "Artwork files for the recycled-fibre insert",
    "Hello Aisha, for the next print run of the recycled-fibre insert we need the updated "
    "artwork with the new part numbers. Who on your side can send the files, and in which "
    "format do you keep them?",
)
NORDPACK_ANSWER = (
    "Hello Linnea, thanks for asking early. Our design team keeps the artwork as PDF/X-4; "
    "I asked them to send the updated files by Thursday. If you need vector files as well, "
    "tell me and I will ask for those too."
)
STERILIS_QUESTION = (
    "Delivery slots in December",
    "Our plant closes from 23 December to 2 January. Can we move the two deliveries planned "
    "for that week to 19 December?",
)
STERILIS_ANSWER = (
    "Yes, 19 December works for our warehouse. I have let the goods-in team know; the "
    "orders will be changed this week."
)
DATAWELL_QUESTION = (
    "EDI test exchange",
    "Hi Aisha, we are preparing the EDI test. Do you send the test orders, or should we "
    "start with a confirmation message? Which message standard do you use?",
)
DATAWELL_ANSWER = (
    "Hi Rita, we start: three test orders in EDIFACT ORDERS D.96A go out next Monday. "
    "Please answer each with an ORDRSP. The FAQ in your onboarding space has the rest."
)


def schedule(loader: Any) -> None:
    """Add this module's events to the demo loader's clock (`loader.at_day(days_ago, fn)`)."""
    stories = _Stories(loader)
    loader.at_day(40, stories.publish_faqs)
    loader.at_day(32, stories.file_nordpack_documents)
    loader.at_day(30, stories.ask_sterilis_for_the_validation_report)
    loader.at_day(27, stories.sterilis_sends_the_report)
    loader.at_day(21, partial(stories.ask, "sterilis", STERILIS_QUESTION))
    loader.at_day(20, partial(stories.answer, "sterilis", "bruno", STERILIS_ANSWER))
    loader.at_day(19, stories.close_sterilis_question)
    loader.at_day(13, stories.add_datawell_contact)
    loader.at_day(11, stories.share_datawell_guide)
    loader.at_day(6, partial(stories.ask, "nordpack", NORDPACK_QUESTION))
    loader.at_day(5, partial(stories.answer, "nordpack", "aisha", NORDPACK_ANSWER))
    loader.at_day(4, stories.ask_nordpack_for_the_renewal)
    loader.at_day(3, stories.datawell_ticks_a_task)
    loader.at_day(2, partial(stories.ask, "datawell", DATAWELL_QUESTION))
    loader.at_day(1, partial(stories.answer, "datawell", "aisha", DATAWELL_ANSWER))


def load(loader: Any) -> None:
    """The entry point the demo loader calls: schedules the stories above."""
    schedule(loader)


class _Stories:
    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def user(self, username: str) -> Any:
        return self.loader.users[username]

    def publish_faqs(self) -> None:
        onboarding.demo_faqs(self.user("maria"), FAQS)

    def _pdf(self, actor: Any, key: str, kind: str, title: str, *, shared: bool) -> Document:
        content = documents_domain.minimal_pdf([title, self.loader.supplier(key).name])
        return documents.upload_document(
            actor, self.loader.supplier(key),
            documents.Upload(f"{kind}.pdf", len(content), io.BytesIO(content)),
            {"kind": kind, "title": title, "internal": not shared},
        )  # fmt: skip

    def file_nordpack_documents(self) -> None:
        """The ISO 9001 certificate (shared; runs out 45 days from today, so it is on their
        portal card but not yet in our alerts inbox), a shared packaging specification and
        an internal contract draft."""
        aisha, supplier = self.user("aisha"), self.loader.supplier("nordpack")
        certificate = documents.demo_documents(
            aisha, supplier, expires_in_days=77, kind="iso_9001",
            title="ISO 9001 certificate of Nordpack", issued_days_ago=1037,
        )  # fmt: skip
        documents.update_document(aisha, certificate, {"internal": False})
        self._pdf(aisha, "nordpack", "other", "Packaging specification 2026", shared=True)
        self._pdf(aisha, "nordpack", "contract", "Frame agreement draft (internal)", shared=False)

    def ask_nordpack_for_the_renewal(self) -> None:
        supplier = self.loader.supplier("nordpack")
        certificate = Document.objects.get(
            supplier=supplier, title="ISO 9001 certificate of Nordpack"
        )
        documents.create_request(
            self.user("aisha"), supplier,
            {"kind": "iso_9001", "title": "Renewed ISO 9001 certificate",
             "reason": "Your current certificate runs out in about six weeks; we need the "
             "renewed one on file to keep ordering without interruption.",
             "due_on": timezone.localdate() + timedelta(days=14), "renews": certificate},
        )  # fmt: skip

    def ask_sterilis_for_the_validation_report(self) -> None:
        documents.create_request(
            self.user("bruno"), self.loader.supplier("sterilis"),
            {"kind": "other_certificate", "title": "Sterilisation validation report",
             "reason": "Our quality team needs the current report for the yearly audit.",
             "due_on": timezone.localdate() + timedelta(days=10)},
        )  # fmt: skip

    def sterilis_sends_the_report(self) -> None:
        request = DocumentRequest.objects.get(
            supplier_id=self.loader.supplier_ids["sterilis"],
            title="Sterilisation validation report",
        )
        content = documents_domain.minimal_pdf(["Sterilisation validation report", "EN 556-1"])
        documents.answer_request(
            self.user("sterilis"), request,
            documents.Upload("validation-report.pdf", len(content), io.BytesIO(content)),
            {"expires_on": timezone.localdate() + timedelta(days=340)},
        )  # fmt: skip

    def ask(self, key: str, question: tuple[str, str]) -> None:
        tickets.open_ticket(self.user(key), *question)

    def answer(self, key: str, username: str, text: str) -> None:
        ticket = Ticket.objects.filter(supplier_id=self.loader.supplier_ids[key]).latest("pk")
        tickets.reply(self.user(username), ticket, text)

    def close_sterilis_question(self) -> None:
        ticket = Ticket.objects.filter(supplier_id=self.loader.supplier_ids["sterilis"]).latest(
            "pk"
        )
        tickets.close(self.user("bruno"), ticket)

    def add_datawell_contact(self) -> None:
        """Rita, who has the portal login, is also one of Datawell's contacts."""
        rita = self.user("datawell")
        suppliers.create_contact(
            self.user("aisha"), self.loader.supplier("datawell"),
            {"side": "supplier", "name": rita.get_full_name(), "email": rita.email,
             "function": "sales", "level": "management", "job_title": "Customer success lead"},
        )  # fmt: skip

    def share_datawell_guide(self) -> None:
        self._pdf(self.user("aisha"), "datawell", "other", "Supplier onboarding guide",
                  shared=True)  # fmt: skip

    def datawell_ticks_a_task(self) -> None:
        rita = self.user("datawell")
        task = OnboardingTask.objects.get(
            plan__supplier_id=self.loader.supplier_ids["datawell"],
            plan__status="active",
            item__title="Confirm master data for the vendor record",
        )
        found = onboarding_portal.task_for(rita, task.item_id)
        assert found is not None  # noqa: S101 - the demo's own data
        onboarding_portal.tick_task(rita, found, True)
