"""factory-boy factories. Data that has rules (status moves, owners) goes through services."""

from __future__ import annotations

import factory

from partnerbook.accounts.models import Role, User
from partnerbook.suppliers.models import Category, Contact, Supplier


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    role = Role.VIEWER
    password = factory.django.Password("pw-for-tests-1")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Category {n}")


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"Supplier {n:05d}")
    category = factory.SubFactory(CategoryFactory)
    country = "DE"
    status = "active"
    annual_spend = 100000
    currency = "EUR"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    supplier = factory.SubFactory(SupplierFactory)
    side = "supplier"
    name = factory.Faker("name")
    function = "sales"
    level = "management"


def bulk_suppliers(count: int, owner=None, prefix: str = "Bulk supplier") -> list[Supplier]:
    """Create `count` suppliers fast (bulk_create) for query-count and scale tests.

    Spread over a few categories, statuses and tags so that filters have work to do.
    """
    from partnerbook.suppliers.models import Tag

    categories = [CategoryFactory(name=f"Bulk category {i}") for i in range(5)]
    statuses = ["prospect", "vetting", "pilot", "active", "reserve", "phasing_out", "exited"]
    suppliers = Supplier.objects.bulk_create(
        Supplier(
            name=f"{prefix} {i:05d}",
            category=categories[i % len(categories)],
            status=statuses[i % len(statuses)],
            country=["DE", "FR", "US", "CN", "NL"][i % 5],
            annual_spend=1000 + i,
            currency="EUR",
            relationship_owner=owner,
            external_id=f"{prefix[:4].upper()}-{i:05d}",
        )
        for i in range(count)
    )
    tag, _ = Tag.objects.get_or_create(name="bulk")
    Supplier.tags.through.objects.bulk_create(
        Supplier.tags.through(supplier_id=s.pk, tag_id=tag.pk) for s in suppliers[::3]
    )
    return suppliers
