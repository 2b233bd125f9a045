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
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-1")


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
