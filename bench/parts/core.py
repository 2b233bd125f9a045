"""Users, categories (a small hierarchy), suppliers and their owner histories.

- users: a manager, buyers, a viewer and an administrator, all with ONE password hashed once
  (so a benchmark can sign in through the login form);
- categories: two parents and a dozen leaf categories the suppliers sit in;
- suppliers: mostly active (the status mix below), with external ids; most had one or two
  owners over three years, about 5% had three or more changes in the last 18 months (a
  "rotating door"); about 4% of the active ones will drift (see parts/relationship.py).
"""

from __future__ import annotations

import datetime as dt
import random

from .common import BATCH_SIZE, Context, Plan, at, weighted

STATUS_WEIGHTS = {
    "active": 80, "pilot": 5, "reserve": 4, "vetting": 3, "phasing_out": 4,
    "prospect": 2, "exited": 2,
}  # fmt: skip
PEOPLE = {  # username suffix -> (role, first name, last name)
    "manager": ("manager", "Mara", "Lind"),
    "buyer-1": ("buyer", "Bruno", "Keller"),
    "buyer-2": ("buyer", "Ines", "Faber"),
    "buyer-3": ("buyer", "Tom", "Vos"),
    "buyer-4": ("buyer", "Lea", "Moreau"),
    "buyer-5": ("buyer", "Jan", "Novak"),
    "viewer": ("viewer", "Sara", "Berg"),
    "admin": ("admin", "Otto", "Hahn"),
}
CATEGORY_TREE = {
    "Direct materials": ("Packaging", "Raw materials", "Electronics", "Chemicals", "Machining",
                         "Plastics"),
    "Indirect spend": ("Logistics", "Facility services", "IT services", "Marketing", "Travel",
                       "Energy"),
}  # fmt: skip
COUNTRIES = ("DE", "NL", "FR", "BE", "PL", "IT", "ES", "US", "CN", "SE", "CZ", "GB")
NAME_PARTS = (
    ("Nord", "Süd", "Alpha", "Beta", "Delta", "Kappa", "Vista", "Terra", "Aqua", "Flex",
     "Prime", "Rapid", "Euro", "Trans", "Meta", "Pro"),
    ("pack", "log", "chem", "tec", "form", "line", "works", "source", "trade", "mark"),
    ("GmbH", "B.V.", "S.A.", "Ltd", "AG", "Sp. z o.o.", "AB", "s.r.o."),
)  # fmt: skip


def users(ctx: Context, prefix: str = "bench") -> None:
    """The internal users (reused when they exist), each with the context's password hash."""
    from partnerbook.accounts.models import User

    wanted = {f"{prefix}-{suffix}": person for suffix, person in PEOPLE.items()}
    existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    User.objects.bulk_create(
        User(username=username, role=role, password=ctx.password, first_name=first,
             last_name=last, email=f"{username}@example.com", is_staff=role == "admin",
             is_superuser=role == "admin")
        for username, (role, first, last) in wanted.items()
        if username not in existing
    )  # fmt: skip
    ids = dict(User.objects.filter(username__in=wanted).values_list("username", "pk"))
    for username, (role, _first, _last) in wanted.items():
        ctx.users.setdefault(role, ids[username])
        ctx.usernames.setdefault(role, username)
        if role == "buyer":
            ctx.buyers.append(ids[username])
    ctx.count("users", len(wanted))


def categories(ctx: Context) -> None:
    from partnerbook.suppliers.models import Category

    parents = {name: Category.objects.get_or_create(name=name)[0].pk for name in CATEGORY_TREE}
    leaves = [(child, parents[p]) for p, children in CATEGORY_TREE.items() for child in children]
    existing = set(Category.objects.values_list("name", flat=True))
    Category.objects.bulk_create(
        Category(name=name, parent_id=parent) for name, parent in leaves if name not in existing
    )
    ids = dict(Category.objects.values_list("name", "pk"))
    ctx.categories = [ids[name] for name, _ in leaves]
    ctx.all_categories = sorted(ids[name] for name in [*CATEGORY_TREE, *(n for n, _ in leaves)])
    ctx.count("categories", len(ctx.all_categories))


def suppliers(ctx: Context, count: int, prefix: str = "BENCH") -> None:
    """`count` suppliers and their owner histories; fills `ctx.plans`."""
    from partnerbook.suppliers.models import OwnerAssignment, Supplier

    rng = ctx.rng("suppliers")
    as_of = ctx.as_of
    status_of = weighted(rng, STATUS_WEIGHTS)
    statuses = ["active"] + [status_of() for _ in range(count - 1)]  # the first one is watched
    active = [i for i, s in enumerate(statuses) if s == "active"]
    # ~4% drift (at least one), ~5% have a rotating door of owners (at least one)
    drifting = [0] + rng.sample(active[1:], min(len(active) - 1, max(0, round(count * 0.04) - 1)))
    drifters = set(drifting)
    others = [i for i in active if i not in drifters] or active
    rotating = set(rng.sample(others, max(1, min(len(others), round(count * 0.05)))))
    drift_kinds: dict[int, frozenset[str]] = {}
    for n, i in enumerate(drifting):
        kinds = {"slow"}  # suggestions always stop and answers always get slower
        if n == 0 or rng.random() < 0.5:
            kinds.add("cold")
        if n == 0 or rng.random() < 0.5:
            kinds.add("informal")
        if n == 0 or rng.random() < 0.3:
            kinds.add("disputes")
        drift_kinds[i] = frozenset(kinds)

    owners = [_owner_history(rng, i in rotating, ctx.buyers, as_of) for i in range(count)]
    objs = []
    for i in range(count):
        a, b, c = (rng.choice(part) for part in NAME_PARTS)
        objs.append(
            Supplier(
                name=f"{a}{b} {c} {i:05d}", legal_name=f"{a}{b} {c}",
                category_id=ctx.categories[i % len(ctx.categories)],
                country=rng.choice(COUNTRIES), status=statuses[i],
                annual_spend=round(rng.lognormvariate(11.5, 1.2), 2), currency="EUR",
                relationship_owner_id=owners[i][-1][1], external_id=f"{prefix}-{i:06d}",
            )
        )  # fmt: skip
    created = Supplier.objects.bulk_create(objs, batch_size=BATCH_SIZE)
    plans = [
        Plan(pk=s.pk, index=i, name=s.name, status=s.status, category=s.category_id,
             spend=float(s.annual_spend), owner=owners[i][-1][1],
             drift=drift_kinds.get(i, frozenset()), owners=owners[i])
        for i, s in enumerate(created)
    ]  # fmt: skip
    spells = []
    manager = ctx.users["manager"]
    for plan in plans:
        for k, (start, owner) in enumerate(plan.owners):
            end = plan.owners[k + 1][0] if k + 1 < len(plan.owners) else None
            spells.append(
                OwnerAssignment(
                    supplier_id=plan.pk, owner_id=owner, assigned_by_id=manager,
                    started_at=at(start, 9), ended_at=None if end is None else at(end, 9),
                )
            )  # fmt: skip
    OwnerAssignment.objects.bulk_create(spells, batch_size=BATCH_SIZE)
    for plan in plans:  # activity: a lognormal spread; drifters talk more
        plan.weight = rng.lognormvariate(0, 0.5)
        plan.weight *= 2.5 if plan.drift else 1.0
        plan.weight *= 0.3 if plan.status in ("prospect", "exited") else 1.0
    plans[0].weight = 8.0  # the watched sample supplier: plenty of history in every window
    ctx.plans = plans
    ctx.drifting = [plans[i].pk for i in drifting]
    ctx.rotating = sorted(plans[i].pk for i in rotating)
    ctx.count("suppliers", len(plans))
    ctx.count("owner assignments", len(spells))


def _owner_history(
    rng: random.Random, rotating: bool, buyers: list[int], as_of: dt.date
) -> list[tuple[dt.date, int]]:
    """(first day, owner) spells, oldest first: one or two owners over three years, or a
    rotating door of three or four changes in the last 18 months."""
    if rotating:  # 3 or 4 changes within the last 530 days (the check looks at 18 months)
        first = as_of - dt.timedelta(days=rng.randint(600, 1200))
        changes = rng.sample(range(10, 530), rng.randint(3, 4))
        starts = [first] + sorted(as_of - dt.timedelta(days=d) for d in changes)
    elif rng.random() < 0.45:  # two owners: one change, at any time since the first
        first = as_of - dt.timedelta(days=rng.randint(730, 1200))
        span = (as_of - first).days - 70
        starts = [first, first + dt.timedelta(days=60 + rng.randrange(span))]
    else:  # one owner all along
        starts = [as_of - dt.timedelta(days=rng.randint(365, 1200))]
    history = []
    previous = None
    for start in starts:
        owner = rng.choice([b for b in buyers if b != previous])
        history.append((start, owner))
        previous = owner
    return history


CONTACT_COLUMNS = ("id", "supplier_id", "side", "name", "job_title", "function", "level",
                   "email", "phone", "archived", "version")  # fmt: skip
FIRST_NAMES = (
    "Anna",
    "Ben",
    "Clara",
    "David",
    "Eva",
    "Felix",
    "Greta",
    "Hugo",
    "Iris",
    "Jonas",
    "Karin",
    "Luca",
    "Mia",
    "Noah",
    "Olga",
    "Paul",
    "Rosa",
    "Simon",
    "Tara",
    "Ugo",
)
LAST_NAMES = ("Meyer", "Jansen", "Dubois", "Peeters", "Kowalski", "Rossi", "García", "Smith",
              "Wang", "Nilsson", "Dvořák", "Brown", "Weber", "Bakker", "Martin")  # fmt: skip
CONTACT_ROLES = (  # (side, job title, function, level)
    ("supplier", "Key account manager", "sales", "operational"),
    ("supplier", "Managing director", "executive", "executive"),
    ("ours", "Category buyer", "procurement", "operational"),
    ("supplier", "Quality manager", "quality", "management"),
    ("ours", "Head of procurement", "executive", "executive"),
)


def contacts(ctx: Context, per_supplier: int = 3) -> None:
    """About `per_supplier` contacts a supplier on both sides (partners get two more)."""
    from .common import Ids, write

    rng = ctx.rng("contacts")
    rows = []
    total = sum(per_supplier + (2 if p.partner else 0) for p in ctx.plans)
    ids = Ids("suppliers_contact", total, ctx.postgres)
    for plan in ctx.plans:
        for side, title, function, level in CONTACT_ROLES[: per_supplier + (2 if plan.partner
                                                                             else 0)]:  # fmt: skip
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            pk = next(ids)
            rows.append((pk, plan.pk, side, f"{first} {last}", title, function, level,
                         f"c{pk}@example.com", "", False, 1))  # fmt: skip
    ctx.count("contacts", write(ctx, "suppliers_contact", CONTACT_COLUMNS, rows))
