"""Shared fixtures: one user per role, and two suppliers A and B with a portal user each."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from django.test import Client, override_settings

from partnerbook.accounts.models import Role
from partnerbook.suppliers import services as supplier_services

from .factories import CategoryFactory, UserFactory

PASSWORD = "pw-for-tests-1"


class _NoMigrations:
    """`MIGRATION_MODULES` that hides every app's migrations, so `migrate --run-syncdb` builds
    the tables straight from the models."""

    def __contains__(self, item: str) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """The test database is built from the models in seconds instead of replaying every
    migration for over a minute per database and per worker. `make check` runs
    `makemigrations --check`, so the models and the migrations cannot differ; the tests that
    are about migrations (agreements, restoring an older backup) still run the real ones,
    because the migrations are visible again once the database exists (see below)."""
    from django.conf import settings

    settings._partnerbook_migration_modules = settings.MIGRATION_MODULES
    settings.MIGRATION_MODULES = _NoMigrations()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After the tables exist: show the migrations again and record every one as applied,
    as `migrate` would have, so code that reads the migration state sees a migrated
    database."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    settings.MIGRATION_MODULES = settings._partnerbook_migration_modules
    with django_db_blocker.unblock():
        for connection in connections.all():
            # The one table a migration makes without a model: the cache (rate limits).
            call_command("createcachetable", database=connection.alias, verbosity=0)
            recorder = MigrationRecorder(connection)
            recorder.ensure_schema()
            applied = set(recorder.applied_migrations())
            graph = MigrationLoader(connection, ignore_no_migrations=True).graph
            recorder.migration_qs.bulk_create(
                recorder.Migration(app=app, name=name)
                for app, name in sorted(graph.nodes)
                if (app, name) not in applied
            )
    yield


@pytest.fixture(scope="session", autouse=True)
def _documents_in_a_temporary_folder(tmp_path_factory):
    """Uploaded files (documents, the demo's certificates) never land in the data folder."""
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(scope="session", autouse=True)
def _static_files_looked_up_per_request():
    """WhiteNoise indexes every static file each time a handler is built, and the test client
    builds one per test (a seventh of a second each, minutes over the suite). Looking files
    up when they are asked for serves the same files."""
    with override_settings(WHITENOISE_AUTOREFRESH=True):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing is deliberately slow; tests do not need it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_user(db):
    return UserFactory(username="ada", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def manager(db):
    return UserFactory(username="mara", role=Role.MANAGER)


@pytest.fixture
def buyer(db):
    return UserFactory(username="ben", role=Role.BUYER)


@pytest.fixture
def other_buyer(db):
    return UserFactory(username="bea", role=Role.BUYER)


@pytest.fixture
def viewer(db):
    return UserFactory(username="vic", role=Role.VIEWER)


@pytest.fixture
def category(db):
    return CategoryFactory(name="Packaging")


@pytest.fixture
def supplier_a(manager, buyer, category):
    return supplier_services.create_supplier(
        manager,
        {"name": "Alpha Packaging", "category": category, "status": "active",
         "relationship_owner": buyer, "external_id": "ERP-A", "country": "NL",
         "annual_spend": 250000, "currency": "EUR", "tags": ["sole-source"]},
    )  # fmt: skip


@pytest.fixture
def supplier_b(manager, other_buyer, category):
    return supplier_services.create_supplier(
        manager,
        {"name": "Beta Boxes", "category": category, "status": "pilot",
         "relationship_owner": other_buyer, "external_id": "ERP-B", "country": "BE"},
    )  # fmt: skip


@pytest.fixture
def portal_user_a(supplier_a):
    return UserFactory(username="pat", role=Role.SUPPLIER_CONTACT, supplier=supplier_a)


@pytest.fixture
def portal_user_b(supplier_b):
    return UserFactory(username="pia", role=Role.SUPPLIER_CONTACT, supplier=supplier_b)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def login():
    """`login(user)` -> a Django test client signed in as that user."""
    return client_for


@pytest.fixture
def migrated_sqlite(django_db_blocker) -> Callable[[Path], bool]:
    """`migrated_sqlite(path)` writes an empty, fully migrated SQLite database file to `path`
    by copying this run's SQLite test database (schema, migration records and the rows
    `migrate` itself adds) in a moment, instead of migrating again for half a minute. Use it
    at the start of a test, before the test writes anything. Returns False when the run is
    on another database: the caller migrates the file itself then."""
    from django.db import connection

    def make(path: Path) -> bool:
        if connection.vendor != "sqlite":
            return False
        with django_db_blocker.unblock():
            connection.ensure_connection()
            path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(path)) as target:
                connection.connection.backup(target)  # type: ignore[union-attr]
        return True

    return make
