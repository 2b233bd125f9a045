"""The demo portfolio as plain data: people, categories and suppliers of Hollen Group.

Hollen Group is an invented mid-sized European maker of utility vehicles and medical carts.
Every company, person and domain here is made up; e-mail domains end in `.example`.

Times are given as *months before the day the demo is loaded*, so the story always
looks recent. The loader replays each supplier's events (registration, contacts, status
moves, owner changes, archiving) in time order through the services.

Later features extend this file: add fields with defaults to the dataclasses below, or
new tables keyed by `DemoSupplier.key`. `STORY` says which supplier plays which part.
`SEGMENTATION` is such a table: each supplier's value and risk factors, engagement model,
expectations, maturity moves and alignment assessments. `SIGNALS` (the stories) and
`BACKGROUND` (everyone else, by kind of relationship) hold the interactions and trust
entries; their times are in days, because the drift checks count days.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Shared by every demo login. Public on purpose: it is printed by `partnerbook demo`.
DEMO_PASSWORD = "partnerbook-demo"  # noqa: S105
OUR_DOMAIN = "hollen.example"


@dataclass(frozen=True, kw_only=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    supplier: str | None = None  # DemoSupplier.key, only for portal users
    email: str = ""  # derived when empty


@dataclass(frozen=True, kw_only=True)
class DemoCategory:
    name: str
    parent: str | None = None
    description: str = ""
    # Which kind of people a supplier in this category puts forward (see SUPPLIER_ROLES);
    # None means "as the parent category".
    contact_profile: str | None = None
    # The person on our side who looks after the technical side; None: as the parent.
    our_specialist: str | None = None


@dataclass(frozen=True, kw_only=True)
class DemoContact:
    name: str
    job_title: str
    function: str
    level: str
    side: str = "supplier"
    email: str = ""  # derived from the name and the supplier's domain when empty
    joined_months_ago: float | None = None  # None: shortly after the supplier was registered
    left_months_ago: float | None = None  # archived (left the company) at that time


@dataclass(frozen=True, kw_only=True)
class StatusStep:
    status: str
    months_ago: float
    note: str = ""
    by: str = ""  # username; empty: the owner when a buyer, else the category manager
    override_reason: str = ""  # a manager's reason to skip a missing decision checklist


@dataclass(frozen=True, kw_only=True)
class OwnerChange:
    owner: str  # username
    months_ago: float
    by: str = "maria"


@dataclass(frozen=True, kw_only=True)
class DemoSupplier:
    key: str
    name: str
    category: str
    country: str
    status: str
    since_months: float  # when the supplier was registered as a prospect
    domain: str
    owner: str | None  # username of the first relationship owner
    legal_name: str = ""
    annual_spend: int | None = None
    currency: str = "EUR"
    external_id: str = ""
    tags: tuple[str, ...] = ()
    notes: str = ""
    # Key accounts get an executive on both sides and our category manager in the loop.
    key_account: bool = False
    sponsor: str = "Katrin Vogt"  # our executive sponsor when key_account
    # Explicit lifecycle path after "prospect". Empty: the usual onboarding path
    # (vetting, pilot, active) spread over the months after registration.
    steps: tuple[StatusStep, ...] = ()
    owner_changes: tuple[OwnerChange, ...] = ()
    # Explicit people; empty: generated from SUPPLIER_ROLES and the name pools.
    contacts: tuple[DemoContact, ...] = ()
    archived_months_ago: float | None = None


USERS: tuple[DemoUser, ...] = (
    DemoUser(username="demo", first_name="Dana", last_name="Demo", role="admin"),
    DemoUser(username="maria", first_name="Maria", last_name="Keller", role="manager"),
    DemoUser(username="bruno", first_name="Bruno", last_name="Silva", role="buyer"),
    DemoUser(username="aisha", first_name="Aisha", last_name="Rahman", role="buyer"),
    DemoUser(username="tom", first_name="Tom", last_name="Becker", role="buyer"),
    DemoUser(username="vera", first_name="Vera", last_name="Lind", role="viewer"),
    DemoUser(
        username="nordpack",
        first_name="Linnea",
        last_name="Berg",
        role="supplier_contact",
        supplier="nordpack",
        email="l.berg@nordpack.example",
    ),
    DemoUser(
        username="sterilis",
        first_name="Claire",
        last_name="Dufour",
        role="supplier_contact",
        supplier="sterilis",
        email="c.dufour@sterilis-medical.example",
    ),
    DemoUser(
        username="datawell",
        first_name="Rita",
        last_name="Carvalho",
        role="supplier_contact",
        supplier="datawell",
        email="r.carvalho@datawell.example",
    ),
)

# People on our side who are not Partnerbook users: name -> (job title, function, level).
OUR_PEOPLE: dict[str, tuple[str, str, str]] = {
    "Katrin Vogt": ("Chief operating officer", "executive", "executive"),
    "Henrik Aalto": ("Chief financial officer", "finance", "executive"),
    "Paul Mercier": ("Vice president, engineering", "engineering", "executive"),
    "Lena Hoffmann": ("Materials engineer", "engineering", "operational"),
    "Samuel Osei": ("Electronics engineering lead", "engineering", "management"),
    "Yusuf Demir": ("Brake and chassis engineer", "engineering", "operational"),
    "Ingrid Nilsson": ("Packaging engineer", "engineering", "operational"),
    "Marco Ricci": ("Logistics planning manager", "logistics", "management"),
    "Elif Kaya": ("IT service manager", "other", "management"),
    "Greta Sommer": ("Facilities coordinator", "other", "operational"),
}

CATEGORIES: tuple[DemoCategory, ...] = (
    DemoCategory(
        name="Direct materials",
        description="Everything that ends up in the vehicles and carts we ship.",
        contact_profile="goods",
        our_specialist="Lena Hoffmann",
    ),
    DemoCategory(name="Steel", parent="Direct materials", description="Flat steel, tube, blanks."),
    DemoCategory(
        name="Lumber", parent="Direct materials", description="Sawn timber for crates and pallets."
    ),
    DemoCategory(
        name="Electronic components",
        parent="Direct materials",
        description="Boards, chips, sensors, displays and wiring.",
        our_specialist="Samuel Osei",
    ),
    DemoCategory(
        name="Brake systems",
        parent="Direct materials",
        description="Brake assemblies, callipers and friction parts.",
        our_specialist="Yusuf Demir",
    ),
    DemoCategory(name="Fasteners", parent="Direct materials", description="Bolts, nuts, rivets."),
    DemoCategory(
        name="Plastics and resins",
        parent="Direct materials",
        description="Compounds and moulded parts.",
    ),
    DemoCategory(
        name="Packaging",
        description="Boxes, inserts, film and pallets for outgoing goods.",
        contact_profile="goods",
        our_specialist="Ingrid Nilsson",
    ),
    DemoCategory(
        name="Medical packaging",
        parent="Packaging",
        description="Sterile barrier packaging for the medical cart accessories.",
    ),
    DemoCategory(
        name="Logistics",
        description="Freight forwarding, road, rail and sea transport.",
        contact_profile="freight",
        our_specialist="Marco Ricci",
    ),
    DemoCategory(
        name="Indirect",
        description="What keeps the company running but is not in the product.",
        contact_profile="services",
        our_specialist="Greta Sommer",
    ),
    DemoCategory(name="Office supplies", parent="Indirect", contact_profile="catalogue"),
    DemoCategory(
        name="Software services",
        parent="Indirect",
        description="Development, hosting and security services.",
        our_specialist="Elif Kaya",
    ),
    DemoCategory(name="Maintenance and repair", parent="Indirect"),
)

# Who a supplier typically puts forward, by contact profile: (function, level, job titles).
# The first role is always the commercial contact.
SUPPLIER_ROLES: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "goods": (
        ("sales", "management", ("Key account manager", "Account manager", "Sales manager")),
        ("quality", "operational", ("Quality engineer", "Supplier quality lead")),
        ("logistics", "operational", ("Logistics coordinator", "Order desk lead")),
    ),
    "freight": (
        ("sales", "management", ("Account manager", "Business development manager")),
        ("logistics", "operational", ("Operations manager", "Dispatch lead")),
        ("finance", "operational", ("Billing and claims", "Freight audit specialist")),
    ),
    "services": (
        ("sales", "management", ("Account manager", "Client partner")),
        ("engineering", "management", ("Delivery manager", "Service manager")),
        ("other", "operational", ("Service desk lead", "Field technician")),
    ),
    "catalogue": (
        ("sales", "operational", ("Inside sales", "Account manager")),
        ("logistics", "operational", ("Order desk", "Customer service")),
    ),
}
EXECUTIVE_TITLES = ("Managing director", "Chief executive", "Commercial director")

# Invented names by country. Where surnames do not change with gender, first and last
# names are combined; otherwise whole names are listed.
NAME_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "de": (
        ("Anna", "Jan", "Katharina", "Stefan", "Julia", "Matthias", "Sabine", "Lukas",
         "Claudia", "Tobias", "Nina", "Andreas"),
        ("Hartmann", "Krüger", "Wagner", "Schulte", "Lorenz", "Zimmer", "Fuchs", "Neumann",
         "Seidel", "Winkler", "Kraus", "Engel"),
    ),
    "fr": (
        ("Camille", "Julien", "Élodie", "Mathieu", "Sophie", "Nicolas", "Aurélie", "Antoine"),
        ("Moreau", "Lefèvre", "Girard", "Bonnet", "Fontaine", "Rousseau", "Chevalier", "Perrin"),
    ),
    "nordic": (
        ("Astrid", "Lars", "Mikkel", "Sofie", "Johan", "Karin", "Elin", "Mats", "Freja", "Nils"),
        ("Johansson", "Andersen", "Lindgren", "Dahl", "Eriksen", "Strand", "Holmberg",
         "Berglund", "Nyberg", "Sørensen"),
    ),
    "fi": (
        ("Aino", "Mikko", "Sanna", "Juha", "Laura", "Ville"),
        ("Virtanen", "Nieminen", "Korhonen", "Mäkinen", "Heikkinen", "Laine"),
    ),
    "en": (
        ("Emily", "James", "Sarah", "Michael", "Rachel", "Daniel", "Megan", "Kevin",
         "Siobhan", "Patrick", "Olivia", "Ryan"),
        ("Carter", "Bennett", "Hughes", "Walsh", "Murphy", "Reynolds", "Foster", "Brooks",
         "O'Neill", "Gallagher", "Turner", "Price"),
    ),
    "es": (
        ("Lucía", "Javier", "Marta", "Pablo", "Carmen", "Diego", "Elena", "Sergio"),
        ("García", "Navarro", "Romero", "Torres", "Molina", "Ortega", "Delgado", "Castro"),
    ),
    "pt": (
        ("Inês", "Tiago", "Beatriz", "Rui", "Mariana", "João"),
        ("Ferreira", "Carvalho", "Sousa", "Pereira", "Costa", "Almeida"),
    ),
    "it": (
        ("Giulia", "Francesca", "Alessandro", "Chiara", "Davide", "Sara", "Matteo", "Elisa"),
        ("Conti", "Esposito", "Colombo", "Greco", "Marino", "Lombardi", "Moretti", "Galli"),
    ),
    "nl": (
        ("Sanne", "Daan", "Lotte", "Bram", "Femke", "Joris", "Eline", "Pieter"),
        ("de Vries", "Jansen", "Visser", "Peeters", "Maes", "Bakker", "Claes", "Mulder"),
    ),
}  # fmt: skip
FULL_NAMES: dict[str, tuple[str, ...]] = {
    "PL": ("Agnieszka Nowak", "Piotr Kowalczyk", "Katarzyna Wójcik", "Marek Zieliński",
           "Joanna Lewandowska", "Tomasz Kamiński"),
    "CZ": ("Petra Dvořáková", "Jakub Novotný", "Lenka Svobodová", "Martin Procházka",
           "Tereza Králová", "Ondřej Černý", "Veronika Marešová", "Lukáš Beneš"),
    "LT": ("Rūta Kazlauskienė", "Mindaugas Petrauskas", "Eglė Jankauskaitė",
           "Tomas Stankevičius"),
    "EE": ("Kadri Tamm", "Margus Saar", "Liis Kask", "Rasmus Mägi"),
    "HU": ("Eszter Nagy", "Gábor Kovács", "Réka Tóth", "Zoltán Szabó", "Anna Horváth"),
    "RO": ("Ioana Popescu", "Andrei Ionescu", "Mihaela Stan", "Radu Dumitru"),
    "JP": ("Haruka Sato", "Kenji Watanabe", "Yui Takahashi", "Daisuke Ito", "Aiko Nakamura"),
    "TW": ("Chia-Hao Lin", "Yi-Ting Chen", "Wei-Lun Huang", "Hsin-Yi Wang", "Po-Han Chang"),
    "CN": ("Wei Zhang", "Na Li", "Jun Wang", "Yang Liu", "Jing Chen"),
    "KR": ("Min-jun Park", "Seo-yeon Kim", "Ji-ho Lee", "Hye-jin Choi", "Dong-hyun Jung"),
}  # fmt: skip
COUNTRY_NAMES: dict[str, str] = {
    "DE": "de", "AT": "de", "CH": "de", "FR": "fr", "SE": "nordic", "NO": "nordic",
    "DK": "nordic", "FI": "fi", "GB": "en", "IE": "en", "US": "en", "ES": "es", "PT": "pt",
    "IT": "it", "NL": "nl", "BE": "nl",
}  # fmt: skip


def onboarding(since: float, *, active: float | None = None) -> tuple[StatusStep, ...]:
    """The usual path prospect -> vetting -> pilot -> active, ending `active` months ago."""
    done = since - 6 if active is None else active
    return (
        StatusStep(status="vetting", months_ago=since - 0.5),
        StatusStep(
            status="pilot", months_ago=since - 2.5, note="Technical and financial checks passed."
        ),
        StatusStep(status="active", months_ago=done, note="Pilot lots accepted."),
    )


SUPPLIERS: tuple[DemoSupplier, ...] = (
    # --- Steel --------------------------------------------------------------------------
    DemoSupplier(
        key="ostmark", name="Ostmark Stahlhandel", legal_name="Ostmark Stahlhandel GmbH",
        category="Steel", country="DE", status="active", since_months=60, owner="bruno",
        domain="ostmark-stahl.example", annual_spend=4_200_000, external_id="ERP-10011",
        tags=("eu", "critical", "long-term-contract"), key_account=True,
        notes="Our main flat-steel service centre. Cuts blanks to our drawings; a three-year "
        "frame contract adjusts prices every quarter against a published steel index.",
    ),
    DemoSupplier(
        key="riviere", name="Rivière Aciers", legal_name="Rivière Aciers SAS", category="Steel",
        country="FR", status="active", since_months=40, owner="bruno",
        domain="riviere-aciers.example", annual_spend=1_650_000, external_id="ERP-10012",
        tags=("eu",),
        notes="Second flat-steel source, used for thick gauges and as a price benchmark "
        "against Ostmark.",
    ),
    DemoSupplier(
        key="baltic_coil", name="Baltic Coil & Sheet", legal_name="Baltic Coil & Sheet Sp. z o.o.",
        category="Steel", country="PL", status="active", since_months=26, owner="tom",
        domain="balticcoil.example", annual_spend=880_000, external_id="ERP-10047",
        tags=("eu",), notes="Welded tube and slit coil; took over the tube volume from Ironbridge.",
    ),
    DemoSupplier(
        key="sakuragawa", name="Sakuragawa Special Metals", category="Steel", country="JP",
        status="pilot", since_months=7, owner="bruno", domain="sakuragawa-metals.example",
        annual_spend=95_000, currency="USD", external_id="ERP-10131", tags=("second-source",),
        notes="Trial lots of high-strength strip for the new cart frame. The first lot passed "
        "the tensile tests; the second is in the welding trial.",
    ),
    DemoSupplier(
        key="castello", name="Castello Inox", category="Steel", country="IT", status="prospect",
        since_months=1.5, owner="bruno", domain="castello-inox.example", tags=("eu",),
        notes="Met at a trade fair. Could supply stainless tube for the medical cart line; "
        "no quotation yet.",
    ),
    DemoSupplier(
        key="ironbridge", name="Ironbridge Tube", category="Steel", country="GB",
        status="reserve", since_months=52, owner="tom", domain="ironbridge-tube.example",
        annual_spend=140_000, external_id="ERP-10019",
        steps=(*onboarding(52), StatusStep(
            status="reserve", months_ago=20,
            note="Tube volume moved to Baltic Coil & Sheet; kept as a qualified back-up.")),
        notes="Back-up source for welded tube. Requalifying them for full volume would take "
        "about two weeks.",
    ),
    # --- Lumber -------------------------------------------------------------------------
    DemoSupplier(
        key="hedmark", name="Hedmark Timber", legal_name="Hedmark Timber AS", category="Lumber",
        country="NO", status="active", since_months=44, owner="aisha",
        domain="hedmark-timber.example", annual_spend=380_000, external_id="ERP-10023",
        tags=("commodity", "long-term-contract", "partnership-programme"), key_account=True,
        notes="Kiln-dried spruce for crates and pallets: a standard grade priced off the Nordic "
        "sawn-timber index, which at least three other mills could deliver within a month. "
        "Even so, Hedmark sits in our partnership programme — quarterly executive dinners, a "
        "yearly joint innovation workshop and a five-year agreement no one has questioned "
        "since it was signed. The workshops have not produced a single change to the product.",
        contacts=(
            DemoContact(name="Sigrid Haugen", job_title="Key account manager",
                        function="sales", level="management"),
            DemoContact(name="Ola Bakken", job_title="Chief executive",
                        function="executive", level="executive"),
            DemoContact(name="Kari Nygård", job_title="Quality coordinator",
                        function="quality", level="operational"),
            DemoContact(name="Even Solberg", job_title="Shipping planner",
                        function="logistics", level="operational"),
            DemoContact(name="Aisha Rahman", job_title="Buyer", function="procurement",
                        level="operational", side="ours"),
            DemoContact(name="Maria Keller", job_title="Category manager",
                        function="procurement", level="management", side="ours"),
            DemoContact(name="Katrin Vogt", job_title="Chief operating officer",
                        function="executive", level="executive", side="ours"),
            DemoContact(name="Henrik Aalto", job_title="Chief financial officer",
                        function="finance", level="executive", side="ours"),
            DemoContact(name="Lena Hoffmann", job_title="Materials engineer",
                        function="engineering", level="operational", side="ours"),
        ),
    ),
    DemoSupplier(
        key="valkonen", name="Valkonen Sawmills", category="Lumber", country="FI",
        status="active", since_months=30, owner="aisha", domain="valkonen-saw.example",
        annual_spend=210_000, external_id="ERP-10058", tags=("commodity", "eu"),
        notes="Pine battens on spot and quarterly orders; the price follows the index.",
    ),
    DemoSupplier(
        key="carpathia", name="Carpathia Wood Products", category="Lumber", country="RO",
        status="reserve", since_months=28, owner="aisha", domain="carpathia-wood.example",
        annual_spend=35_000, external_id="ERP-10066", tags=("commodity", "eu"),
        steps=(*onboarding(28), StatusStep(
            status="reserve", months_ago=8, note="Two late deliveries in a row.")),
        notes="Good prices, unreliable lead times. Parked in reserve after two late "
        "deliveries in a row.",
    ),
    # --- Electronic components ----------------------------------------------------------
    DemoSupplier(
        key="lumitron", name="Lumitron Components", legal_name="Lumitron Components Co., Ltd.",
        category="Electronic components", country="TW", status="active", since_months=50,
        owner="bruno", domain="lumitron.example", annual_spend=2_800_000, currency="USD",
        external_id="ERP-10031", tags=("critical", "long-term-contract"), key_account=True,
        sponsor="Paul Mercier",
        owner_changes=(OwnerChange(owner="aisha", months_ago=14),),
        notes="Motor-controller boards and wiring looms. The supply agreement has allocation "
        "clauses written after the chip shortage. Moved from Bruno to Aisha when Bruno took "
        "over the brake second-source project.",
    ),
    DemoSupplier(
        key="brightwave", name="Brightwave Semiconductors", category="Electronic components",
        country="US", status="active", since_months=36, owner="aisha",
        domain="brightwave-semi.example", annual_spend=1_120_000, currency="USD",
        external_id="ERP-10035", tags=("critical", "sole-source"), key_account=True,
        sponsor="Paul Mercier",
        notes="Only source of the battery-management chip. Designing in another chip would "
        "be a 12 to 18 month project. We are a small account for them: our requests for a "
        "shared product roadmap have gone unanswered.",
    ),
    DemoSupplier(
        key="elektra", name="Elektra Passives", legal_name="Elektra Passives s.r.o.",
        category="Electronic components", country="CZ", status="active", since_months=33,
        owner="tom", domain="elektra-passives.example", annual_spend=450_000,
        external_id="ERP-10039", tags=("eu",),
        notes="Connectors and passive components; taking over Kaiyuan's connector volume.",
    ),
    DemoSupplier(
        key="kaiyuan", name="Kaiyuan Electronics", category="Electronic components",
        country="CN", status="phasing_out", since_months=46, owner="tom",
        domain="kaiyuan-elec.example", annual_spend=310_000, currency="USD",
        external_id="ERP-10028",
        steps=(*onboarding(46), StatusStep(
            status="phasing_out", months_ago=5,
            note="Third quarter in a row with connector defects reaching our line.")),
        notes="Connector defects reached our assembly line three quarters running; two 8D "
        "reports are still open. Volumes move to Elektra Passives by the end of the year.",
    ),
    DemoSupplier(
        key="nordic_sensorik", name="Nordic Sensorik", legal_name="Nordic Sensorik AB",
        category="Electronic components", country="SE", status="vetting", since_months=3,
        owner="aisha", domain="nordic-sensorik.example", tags=("eu", "second-source"),
        notes="Candidate second source for torque sensors. Site audit planned for next month.",
    ),
    DemoSupplier(
        key="amberlight", name="Amberlight Displays", category="Electronic components",
        country="KR", status="active", since_months=24, owner="aisha",
        domain="amberlight-displays.example", annual_spend=760_000, currency="USD",
        external_id="ERP-10088",
        notes="Display modules for the driver control panel. The panel is built around their "
        "module and no other maker is qualified for it. Since they lost their largest "
        "phone-maker customer last year their credit rating has been cut twice and our credit "
        "insurer has lowered its limit on them.",
    ),
    # --- Brake systems: one supplier holds most of the category's spend ------------------
    DemoSupplier(
        key="brennwald", name="Brennwald Bremssysteme", legal_name="Brennwald Bremssysteme GmbH",
        category="Brake systems", country="DE", status="active", since_months=72, owner="bruno",
        domain="brennwald-brakes.example", annual_spend=6_400_000, external_id="ERP-10003",
        tags=("critical", "sole-source", "long-term-contract", "eu"), key_account=True,
        notes="Complete disc-brake assemblies for every vehicle line — roughly nine tenths of "
        "what we spend on brakes. All of it comes from one plant; a fire or a strike there "
        "would stop our lines within three weeks. Morava Friction is being piloted as a "
        "second source for callipers.",
    ),
    DemoSupplier(
        key="castellan", name="Castellan Friction", legal_name="Castellan Friction S.L.",
        category="Brake systems", country="ES", status="active", since_months=30, owner="bruno",
        domain="castellan-friction.example", annual_spend=520_000, external_id="ERP-10061",
        tags=("eu",), notes="Brake pads for the aftermarket service kit only.",
    ),
    DemoSupplier(
        key="morava", name="Morava Friction", category="Brake systems", country="CZ",
        status="pilot", since_months=6, owner="bruno", domain="morava-friction.example",
        annual_spend=60_000, external_id="ERP-10140", tags=("second-source", "eu"),
        notes="Pilot for calliper assemblies, to reduce our dependence on Brennwald. The first "
        "200 sets are on the test rigs.",
    ),
    # --- Packaging ----------------------------------------------------------------------
    DemoSupplier(
        key="nordpack", name="Nordpack", legal_name="Nordpack Emballage AB",
        category="Packaging", country="SE", status="active", since_months=40, owner="tom",
        domain="nordpack.example", annual_spend=740_000, external_id="ERP-10027",
        tags=("eu", "long-term-contract"), key_account=True, sponsor="Paul Mercier",
        owner_changes=(OwnerChange(owner="aisha", months_ago=8.5),),
        notes="Custom corrugated boxes and inserts for every spare-parts shipment, including "
        "the recycled-fibre insert we developed together with them. For years our best-run "
        "account: answers on the same day and a steady flow of ideas for lighter packaging. "
        "Both sides changed hands last year: Nordpack named a new key account manager, and "
        "Aisha took the account over from Tom. For about three months now, replies to "
        "quotation requests take a week or more, two monthly calls were cancelled at short "
        "notice and no new ideas have come from them. Nothing has failed yet; the direction "
        "is what worries us.",
        contacts=(
            DemoContact(name="Erik Sandberg", job_title="Key account manager",
                        function="sales", level="management", left_months_ago=9),
            DemoContact(name="Linnea Berg", job_title="Key account manager",
                        function="sales", level="management", joined_months_ago=8.5),
            DemoContact(name="Oskar Lund", job_title="Quality manager",
                        function="quality", level="management"),
            DemoContact(name="Maja Holm", job_title="Logistics coordinator",
                        function="logistics", level="operational"),
            DemoContact(name="Anders Wikström", job_title="Chief executive",
                        function="executive", level="executive"),
            # Aisha replaces Tom on our side when she takes the account over.
            DemoContact(name="Tom Becker", job_title="Buyer", function="procurement",
                        level="operational", side="ours"),
            DemoContact(name="Ingrid Nilsson", job_title="Packaging engineer",
                        function="engineering", level="operational", side="ours"),
            DemoContact(name="Maria Keller", job_title="Category manager",
                        function="procurement", level="management", side="ours"),
            DemoContact(name="Paul Mercier", job_title="Vice president, engineering",
                        function="engineering", level="executive", side="ours"),
        ),
    ),
    DemoSupplier(
        key="kartonagen_ruhr", name="Kartonagen Ruhr", legal_name="Kartonagen Ruhr GmbH",
        category="Packaging", country="DE", status="active", since_months=34, owner="tom",
        domain="kartonagen-ruhr.example", annual_spend=310_000, external_id="ERP-10042",
        tags=("eu",), notes="Standard boxes, stretch film and tape from the catalogue.",
    ),
    DemoSupplier(
        key="atlantic", name="Atlantic Corrugated", category="Packaging", country="IE",
        status="active", since_months=22, owner="tom", domain="atlantic-corrugated.example",
        annual_spend=260_000, external_id="ERP-10077", tags=("eu",),
        notes="Boxes for the Irish assembly site.",
    ),
    DemoSupplier(
        key="greenfold", name="Greenfold Packaging", legal_name="Greenfold Packaging B.V.",
        category="Packaging", country="NL", status="pilot", since_months=5, owner="aisha",
        domain="greenfold.example", annual_spend=40_000, external_id="ERP-10137", tags=("eu",),
        notes="Pilot of recyclable paper mailers to replace plastic bags for small parts.",
    ),
    DemoSupplier(
        key="packright", name="PackRight Supplies", category="Packaging", country="GB",
        status="exited", since_months=58, owner="tom", domain="packright.example",
        external_id="ERP-10009",
        steps=(*onboarding(58), StatusStep(
            status="phasing_out", months_ago=20,
            note="Film and tape consolidated with Kartonagen Ruhr."),
            StatusStep(status="exited", months_ago=14, note="Last order delivered and paid.")),
        archived_months_ago=12,
        notes="Former source of stretch film and tape, consolidated into Kartonagen Ruhr.",
    ),
    # --- Medical packaging --------------------------------------------------------------
    DemoSupplier(
        key="sterilis", name="Sterilis Medical Packaging",
        legal_name="Sterilis Medical Packaging AG", category="Medical packaging", country="CH",
        status="active", since_months=48, owner="bruno", domain="sterilis-medical.example",
        annual_spend=1_340_000, external_id="ERP-10015",
        tags=("critical", "gain-share", "iso-13485", "long-term-contract"), key_account=True,
        sponsor="Paul Mercier",
        notes="Sterile barrier trays and lids for the medical cart accessories. Two years ago "
        "their engineers proposed a thinner-walled tray that passed validation; the material "
        "savings are split 50/50 under a gain-share agreement reviewed every quarter. They "
        "now bring one or two improvement proposals to each review.",
        contacts=(
            DemoContact(name="Claire Dufour", job_title="Key account manager",
                        function="sales", level="management"),
            DemoContact(name="Reto Brunner", job_title="Head of research and development",
                        function="engineering", level="management"),
            DemoContact(name="Nadia Frei", job_title="Quality and regulatory affairs",
                        function="quality", level="management"),
            DemoContact(name="Luca Bernasconi", job_title="Logistics planner",
                        function="logistics", level="operational"),
            DemoContact(name="Thomas Gerber", job_title="Managing director",
                        function="executive", level="executive"),
            DemoContact(name="Bruno Silva", job_title="Buyer", function="procurement",
                        level="operational", side="ours"),
            DemoContact(name="Ingrid Nilsson", job_title="Packaging engineer",
                        function="engineering", level="operational", side="ours"),
            DemoContact(name="Paul Mercier", job_title="Vice president, engineering",
                        function="engineering", level="executive", side="ours"),
            DemoContact(name="Henrik Aalto", job_title="Chief financial officer",
                        function="finance", level="executive", side="ours"),
        ),
    ),
    DemoSupplier(
        key="clearseal", name="Clearseal Pouches", category="Medical packaging", country="US",
        status="active", since_months=29, owner="bruno", domain="clearseal-pouches.example",
        annual_spend=420_000, currency="USD", external_id="ERP-10063", tags=("iso-13485",),
        notes="Peel pouches for single-use accessories.",
    ),
    DemoSupplier(
        key="medipak_baltic", name="Medipak Baltic", category="Medical packaging", country="LT",
        status="vetting", since_months=2.5, owner="bruno", domain="medipak-baltic.example",
        tags=("eu", "second-source"),
        notes="Possible second source for sterile pouches. Waiting for their ISO 13485 "
        "certificate and two customer references.",
    ),
    # --- Logistics ----------------------------------------------------------------------
    DemoSupplier(
        key="rheinfracht", name="Rheinfracht Logistik",
        legal_name="Rheinfracht Logistik GmbH & Co. KG", category="Logistics", country="DE",
        status="active", since_months=64, owner="tom", domain="rheinfracht.example",
        annual_spend=2_100_000, external_id="ERP-10005", tags=("eu", "long-term-contract"),
        key_account=True, notes="Road freight between our plants and to dealers in Europe.",
    ),
    DemoSupplier(
        key="alpenland", name="Alpenland Spedition", category="Logistics", country="AT",
        status="active", since_months=38, owner="tom", domain="alpenland-spedition.example",
        annual_spend=640_000, external_id="ERP-10036", tags=("eu",),
        notes="Road freight to Italy and the Balkans.",
    ),
    DemoSupplier(
        key="transmarine", name="Transmarine Forwarding", legal_name="Transmarine Forwarding B.V.",
        category="Logistics", country="NL", status="active", since_months=40, owner="bruno",
        domain="transmarine.example", annual_spend=1_480_000, external_id="ERP-10029",
        tags=("eu",),
        owner_changes=(
            OwnerChange(owner="aisha", months_ago=29),
            OwnerChange(owner="tom", months_ago=17),
            OwnerChange(owner="bruno", months_ago=5),
        ),
        notes="Sea and air freight from Asia. Four relationship owners in just over three "
        "years: their account team says every new buyer asks for the same lane data again, "
        "and improvements agreed with one owner get lost at each hand-over.",
    ),
    DemoSupplier(
        key="iberia_cargo", name="Iberia Cargo Express", category="Logistics", country="ES",
        status="reserve", since_months=35, owner="tom", domain="iberia-cargo.example",
        annual_spend=55_000, external_id="ERP-10057", tags=("eu",),
        steps=(*onboarding(35), StatusStep(
            status="reserve", months_ago=11,
            note="Spanish dealer deliveries now go with Rheinfracht.")),
        notes="Back-up for deliveries to Spain and Portugal.",
    ),
    DemoSupplier(
        key="swiftline", name="Swiftline Couriers", category="Logistics", country="GB",
        status="exited", since_months=19, owner="tom", domain="swiftline.example",
        steps=(StatusStep(status="vetting", months_ago=18.5),
               StatusStep(status="exited", months_ago=16,
                          note="Financial check failed: two years of losses.")),
        archived_months_ago=15, notes="Dropped during vetting.",
    ),
    DemoSupplier(
        key="danube_rail", name="Danube Rail Cargo", category="Logistics", country="HU",
        status="pilot", since_months=4, owner="tom", domain="danube-rail.example",
        annual_spend=90_000, external_id="ERP-10142", tags=("eu",),
        notes="Pilot of rail containers to Budapest, to cut road-freight emissions.",
    ),
    # --- Fasteners, plastics ------------------------------------------------------------
    DemoSupplier(
        key="bolzano", name="Bolzano Fasteners", legal_name="Bolzano Fasteners S.p.A.",
        category="Fasteners", country="IT", status="active", since_months=42, owner="bruno",
        domain="bolzano-fasteners.example", annual_spend=290_000, external_id="ERP-10033",
        tags=("eu",), notes="Standard bolts and nuts, delivered to our line-side kanban bins.",
    ),
    DemoSupplier(
        key="meridian", name="Meridian Fastening", category="Fasteners", country="US",
        status="active", since_months=27, owner="bruno", domain="meridian-fastening.example",
        annual_spend=150_000, currency="USD", external_id="ERP-10071",
        notes="Imperial fasteners for the North American models.",
    ),
    DemoSupplier(
        key="polyform", name="Polyform Compounds", legal_name="Polyform Compounds NV",
        category="Plastics and resins", country="BE", status="active", since_months=39,
        owner="aisha", domain="polyform.example", annual_spend=870_000, external_id="ERP-10034",
        tags=("eu",), notes="Recycled polypropylene compounds and moulded housings.",
        contacts=(
            DemoContact(name="Joris de Vries", job_title="Account manager", function="sales",
                        level="management"),
            DemoContact(name="Pieter Peeters", job_title="Quality engineer", function="quality",
                        level="operational"),
            DemoContact(name="Bram Maes", job_title="Logistics coordinator",
                        function="logistics", level="operational"),
            DemoContact(name="Aisha Rahman", job_title="Buyer", function="procurement",
                        level="operational", side="ours"),
            DemoContact(name="Lena Hoffmann", job_title="Materials engineer",
                        function="engineering", level="operational", side="ours"),
            DemoContact(name="Maria Keller", job_title="Category manager",
                        function="procurement", level="management", side="ours"),
        ),
    ),
    DemoSupplier(
        key="resinova", name="Resinova", category="Plastics and resins", country="IT",
        status="phasing_out", since_months=55, owner="aisha", domain="resinova.example",
        annual_spend=120_000, external_id="ERP-10014", tags=("eu",),
        steps=(*onboarding(55), StatusStep(
            status="phasing_out", months_ago=7, note="Replaced by Polyform's recycled grade.")),
        notes="Being replaced by Polyform's recycled grade; our moulds are to be returned.",
    ),
    # --- Indirect -----------------------------------------------------------------------
    DemoSupplier(
        key="bueroprofi", name="Büroprofi Direkt", category="Office supplies", country="DE",
        status="active", since_months=50, owner="tom", domain="bueroprofi.example",
        annual_spend=85_000, external_id="ERP-10010", tags=("eu", "catalogue"),
        notes="Office supplies through their web shop; raised prices by 6% this year.",
    ),
    DemoSupplier(
        key="lemaire", name="Papeterie Lemaire", category="Office supplies", country="FR",
        status="active", since_months=31, owner="tom", domain="papeterie-lemaire.example",
        annual_spend=22_000, external_id="ERP-10051", tags=("eu", "catalogue"),
        notes="Office supplies for the Lyon sales office.",
    ),
    DemoSupplier(
        key="officehub", name="OfficeHub Online", category="Office supplies", country="IE",
        status="prospect", since_months=1, owner=None, domain="officehub.example",
        tags=("eu",), notes="Asked for a catalogue quotation after Büroprofi's price increase.",
    ),
    DemoSupplier(
        key="kodewerk", name="Kodewerk Consulting", legal_name="Kodewerk Consulting GmbH",
        category="Software services", country="DE", status="active", since_months=26,
        owner="tom", domain="kodewerk.example", annual_spend=480_000, external_id="ERP-10081",
        tags=("eu",),
        notes="Builds and runs our dealer portal. They treat us as a flagship client: a "
        "dedicated team lead, an offer to co-fund a shared roadmap and repeated requests for "
        "quarterly business reviews. We buy their hours at the rate card through purchase "
        "orders, have never held a review and have no one above buyer level in the "
        "relationship.",
        contacts=(
            DemoContact(name="Jonas Albrecht", job_title="Managing partner",
                        function="executive", level="executive"),
            DemoContact(name="Miriam Scholz", job_title="Client partner",
                        function="sales", level="management"),
            DemoContact(name="Felix Brandt", job_title="Team lead, dealer portal",
                        function="engineering", level="operational"),
            DemoContact(name="Tom Becker", job_title="Buyer", function="procurement",
                        level="operational", side="ours"),
            DemoContact(name="Elif Kaya", job_title="IT service manager",
                        function="other", level="operational", side="ours"),
        ),
    ),
    DemoSupplier(
        key="stratus", name="Stratus Ridge Hosting", category="Software services", country="US",
        status="active", since_months=34, owner="tom", domain="stratusridge.example",
        annual_spend=310_000, currency="USD", external_id="ERP-10049",
        notes="Hosting for the dealer portal and the ERP test systems.",
    ),
    DemoSupplier(
        key="datawell", name="Datawell Analytics", category="Software services", country="PT",
        status="active", since_months=4, owner="aisha", domain="datawell.example",
        steps=(
            StatusStep(status="vetting", months_ago=3.5),
            StatusStep(status="pilot", months_ago=2.5, note="Forecast pilot on two plants."),
            StatusStep(
                status="active", months_ago=0.4, by="maria",
                note="The forecast goes live for the aftermarket team.",
                override_reason="The aftermarket team needs the forecast live before the "
                "spring season, and the pilot forecasts beat ours by 18% on both plants. "
                "Reference calls and the financial check are booked for the next two weeks.",
            ),
        ),
        annual_spend=45_000, external_id="ERP-10139", tags=("eu",),
        notes="Spare-parts demand forecast for the aftermarket team; made active by a "
        "manager's override before its decision checklist was complete.",
    ),
    DemoSupplier(
        key="lattice", name="Lattice Security Labs", category="Software services", country="EE",
        status="vetting", since_months=2, owner="aisha", domain="lattice-security.example",
        tags=("eu",), notes="Penetration testing of the dealer portal. References being checked.",
    ),
    DemoSupplier(
        key="servotec", name="Servotec Industrial Services", category="Maintenance and repair",
        country="DE", status="active", since_months=45, owner="bruno", domain="servotec.example",
        annual_spend=190_000, external_id="ERP-10024", tags=("eu",),
        notes="Maintenance of presses and welding robots under a call-off contract.",
    ),
    DemoSupplier(
        key="hydraulik_nord", name="Hydraulik Nord", category="Maintenance and repair",
        country="DK", status="active", since_months=23, owner="bruno",
        domain="hydraulik-nord.example", annual_spend=75_000, external_id="ERP-10079",
        tags=("eu",), notes="Hydraulic hoses and repairs for the press shop.",
    ),
)  # fmt: skip

# Which supplier plays which part in the story, for features and tests that build on it.
STORY: dict[str, str] = {
    # Relationship health slipping away from its own good baseline (drift alerts).
    "drifting": "nordpack",
    # A partnership that shares savings (gain-share calculations).
    "gain_share": "sterilis",
    # A commodity supplier given partnership-level effort it does not warrant.
    "over_invested_commodity": "hedmark",
    # One supplier holds most of a category's spend (concentration risk).
    "concentration": "brennwald",
    # The supplier expects a partnership while we behave transactionally (expectation gap).
    "expectation_gap": "kodewerk",
    # Frequent changes of relationship owner (turnover).
    "owner_turnover": "transmarine",
    # Strong on every count except its finances, which push it from strategic to
    # opportunistic in the value-risk matrix.
    "financial_risk": "amberlight",
    # Computed operational, overridden to strategic by the category manager.
    "quadrant_override": "sakuragawa",
    # Computed strategic although well outside the top fifth of the base by spend.
    "strategic_outside_top": "polyform",
    # Low value and high risk: the avoid quadrant.
    "avoid": "kaiyuan",
    # We expect more of the relationship than the supplier does (the reverse gap).
    "reverse_expectation_gap": "brightwave",
    # Their accounts team rang about small invoice mismatches before they became a dispute:
    # an early warning shared informally, and a trust deposit.
    "early_warning_call": "lumitron",
    # A small supplier we hear from every six weeks or so, steadily: quiet is not drift.
    "quiet_steady": "hydraulik_nord",
    # Defects, a hidden problem and an escalation have used up the trust (a red health).
    "spent_trust": "kaiyuan",
}


# --- segmentation ---------------------------------------------------------------------------
# Each supplier's place in the value-risk matrix, as its owner (a buyer) recorded it. The
# spend share is not listed: it follows from `annual_spend`, counted in euros through the
# exchange rates below. Suppliers missing from `SEGMENTATION` have no factors at all and
# show as unplaced; a few others have only some factors, which lowers the confidence.

# Set by the administrator before the first segmentation review. One unit of each currency
# in euros; round figures for the demo, not market rates.
SCORING_SETTINGS: dict[str, object] = {
    "reporting_currency": "EUR",
    "exchange_rates": {"USD": 0.92, "GBP": 1.17, "CHF": 1.05, "SEK": 0.088, "NOK": 0.086,
                       "DKK": 0.134, "PLN": 0.23, "CZK": 0.04, "JPY": 0.0061},
}  # fmt: skip
SCORING_SETTINGS_MONTHS_AGO = 7.0
# When the buyers recorded the factors, unless a supplier says otherwise (or was registered
# later, in which case shortly after registration).
SEGMENTATION_REVIEW_MONTHS_AGO = 6.0


@dataclass(frozen=True, kw_only=True)
class MaturityStep:
    """A move of the relationship to `stage`, recorded by the owner of the day."""

    stage: str
    months_ago: float
    evidence: str


@dataclass(frozen=True, kw_only=True)
class AlignmentCheck:
    """An alignment-triangle assessment: (goals, values, capabilities), 1-5 for each side."""

    months_ago: float
    ours: tuple[int, int, int]
    theirs: tuple[int, int, int]
    # Optional notes keyed like "our_goals" or "their_capabilities".
    notes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class QuadrantOverride:
    quadrant: str
    reason: str
    months_ago: float
    by: str = "maria"


@dataclass(frozen=True, kw_only=True)
class DemoSegmentation:
    # Value, risk and engagement factors by their field name; a factor left out is missing.
    factors: Mapping[str, int | bool]
    months_ago: float | None = None  # None: SEGMENTATION_REVIEW_MONTHS_AGO
    model: str = ""  # the engagement model the team chose; "" = not decided
    model_reason: str = ""
    # our_expectation, our_importance, supplier_expectation, supplier_importance
    expectations: Mapping[str, str | int] = field(default_factory=dict)
    override: QuadrantOverride | None = None
    maturity: tuple[MaturityStep, ...] = ()
    alignment: tuple[AlignmentCheck, ...] = ()


# Risk profiles shared by many suppliers; single factors are changed with {**BASE, ...}.
# A sound company in a market with plenty of alternatives, close to home.
LOW_RISK: dict[str, int | bool] = {
    "financial_health": 4, "single_source": False, "market_difficulty": 1, "country_risk": 1,
    "ip_sensitivity": 1, "regulatory_constraints": 1, "serious_incidents": 0,
}  # fmt: skip
# Little value beyond the goods themselves: easy to buy, easy to replace.
LOW_VALUE: dict[str, int | bool] = {
    "criticality": 1, "complexity": 1, "innovation": 1, "integration": 1,
}  # fmt: skip

SEGMENTATION: dict[str, DemoSegmentation] = {
    # --- Steel ----------------------------------------------------------------------------
    "ostmark": DemoSegmentation(
        factors={"criticality": 5, "complexity": 3, "innovation": 2, "integration": 4,
                 **LOW_RISK, "financial_health": 5, "market_difficulty": 2,
                 "ip_sensitivity": 2, "collaboration_willingness": 4},
        model="partnership",
        model_reason="Blanks are cut to our drawings and capacity is planned together.",
        expectations={"our_expectation": "collaborative", "our_importance": 5,
                      "supplier_expectation": "collaborative", "supplier_importance": 4},
        maturity=(
            MaturityStep(stage="cooperative", months_ago=50,
                         evidence="A monthly capacity call started, and they now receive our "
                         "blank forecast for the next three months."),
            MaturityStep(stage="collaborative", months_ago=30,
                         evidence="Joint nesting project on the press-shop blanks: offcuts "
                         "fell from 14 % to 9 % of the steel bought, savings shared."),
        ),
    ),
    "riviere": DemoSegmentation(
        factors={"criticality": 3, "complexity": 2, "innovation": 1, "integration": 2,
                 **LOW_RISK, "market_difficulty": 2},
        model="transactional",
        model_reason="Second source and price benchmark, quoted every quarter.",
    ),
    "baltic_coil": DemoSegmentation(
        factors={"criticality": 3, "complexity": 2, "innovation": 1, "integration": 2,
                 **LOW_RISK, "financial_health": 3, "market_difficulty": 2, "country_risk": 2},
    ),
    "sakuragawa": DemoSegmentation(
        factors={"criticality": 2, "complexity": 4, "innovation": 4, "integration": 1,
                 **LOW_RISK, "financial_health": 5, "market_difficulty": 3, "country_risk": 2,
                 "ip_sensitivity": 2},
        override=QuadrantOverride(
            quadrant="strategic", months_ago=1.5,
            reason="The new cart frame is designed around their high-strength strip. Until "
            "the frame is launched and a second source is qualified they get strategic "
            "attention, whatever today's small spend says."),
    ),
    "ironbridge": DemoSegmentation(
        factors={"criticality": 2, "complexity": 2, "innovation": 1, "integration": 1,
                 **LOW_RISK, "financial_health": 3, "market_difficulty": 2},
    ),
    # --- Lumber ---------------------------------------------------------------------------
    "hedmark": DemoSegmentation(
        factors={**LOW_VALUE, "criticality": 2, **LOW_RISK, "commodity": True,
                 "collaboration_willingness": 5, "shared_risk_reward": False},
        model="partnership",
        model_reason="In the partnership programme since the five-year agreement was signed.",
        expectations={"our_expectation": "collaborative", "our_importance": 3,
                      "supplier_expectation": "collaborative", "supplier_importance": 5},
    ),
    "valkonen": DemoSegmentation(
        factors={**LOW_VALUE, "criticality": 2, **LOW_RISK, "commodity": True},
        model="transactional", model_reason="Spot and quarterly orders priced off the index.",
    ),
    "carpathia": DemoSegmentation(
        factors={**LOW_VALUE, **LOW_RISK, "financial_health": 2, "country_risk": 3,
                 "serious_incidents": 2, "commodity": True},
    ),
    # --- Electronic components ------------------------------------------------------------
    "lumitron": DemoSegmentation(
        factors={"criticality": 5, "complexity": 4, "innovation": 3, "integration": 4,
                 "financial_health": 4, "single_source": True, "market_difficulty": 5,
                 "country_risk": 4, "ip_sensitivity": 4, "regulatory_constraints": 2,
                 "serious_incidents": 0, "collaboration_willingness": 4,
                 "supplier_is_competitor": False},
        model="partnership",
        model_reason="Allocation clauses and a shared twelve-month demand plan.",
        expectations={"our_expectation": "collaborative", "our_importance": 5,
                      "supplier_expectation": "cooperative", "supplier_importance": 3},
    ),
    # Only part of the picture is known yet: the value side, and the few risk facts that
    # are obvious (sole source, tight market). The confidence shows it.
    "brightwave": DemoSegmentation(
        factors={"criticality": 5, "complexity": 5, "innovation": 4, "integration": 5,
                 "single_source": True, "market_difficulty": 5, "country_risk": 2},
        expectations={"our_expectation": "collaborative", "our_importance": 5,
                      "supplier_expectation": "transactional", "supplier_importance": 2},
    ),
    "elektra": DemoSegmentation(
        factors={"criticality": 3, "complexity": 2, "innovation": 1, "integration": 3,
                 **LOW_RISK, "market_difficulty": 2, "country_risk": 2, "ip_sensitivity": 2},
    ),
    "kaiyuan": DemoSegmentation(
        factors={"criticality": 2, "complexity": 2, "innovation": 1, "integration": 2,
                 "financial_health": 2, "single_source": False, "market_difficulty": 3,
                 "country_risk": 4, "ip_sensitivity": 3, "regulatory_constraints": 3,
                 "serious_incidents": 3, "collaboration_willingness": 2},
        model="transactional",
        model_reason="Being phased out: orders only until Elektra carries the volume.",
    ),
    # Everything but the finances says strategic; the finances alone tip the risk over.
    "amberlight": DemoSegmentation(
        factors={"criticality": 4, "complexity": 4, "innovation": 3, "integration": 4,
                 "financial_health": 1, "single_source": True, "market_difficulty": 3,
                 "country_risk": 2, "ip_sensitivity": 2, "regulatory_constraints": 1,
                 "serious_incidents": 0, "collaboration_willingness": 4},
    ),
    # --- Brake systems --------------------------------------------------------------------
    "brennwald": DemoSegmentation(
        factors={"criticality": 5, "complexity": 5, "innovation": 3, "integration": 5,
                 "financial_health": 4, "single_source": True, "market_difficulty": 5,
                 "country_risk": 2, "ip_sensitivity": 4, "regulatory_constraints": 2,
                 "serious_incidents": 1, "collaboration_willingness": 4},
        model="partnership",
        model_reason="Long-term agreement and joint capacity planning; the second-source "
        "pilot with Morava does not change that.",
        expectations={"our_expectation": "collaborative", "our_importance": 5,
                      "supplier_expectation": "strategic", "supplier_importance": 4},
        maturity=(
            MaturityStep(stage="cooperative", months_ago=62,
                         evidence="Quarterly capacity review in place; they plan their "
                         "brake lines from our twelve-month volume outlook."),
            MaturityStep(stage="collaborative", months_ago=38,
                         evidence="Joint root-cause team on calliper porosity, and a three-week "
                         "buffer stock whose cost we carry half each."),
        ),
        alignment=(
            AlignmentCheck(months_ago=18, ours=(4, 4, 3), theirs=(4, 4, 4),
                           notes={"our_capabilities": "Excellent engineering, but every "
                                  "assembly comes out of one plant."}),
            AlignmentCheck(months_ago=4, ours=(4, 4, 2), theirs=(5, 4, 4),
                           notes={"our_capabilities": "Their continuity plan still has no "
                                  "second site; a stoppage would reach our lines in three "
                                  "weeks.",
                                  "their_capabilities": "They point to their fire protection "
                                  "and the shared buffer stock."}),
        ),
    ),
    "castellan": DemoSegmentation(
        factors={"criticality": 2, "complexity": 3, "innovation": 2, "integration": 2,
                 **LOW_RISK, "market_difficulty": 2},
    ),
    "morava": DemoSegmentation(
        factors={"criticality": 3, "complexity": 3, "innovation": 2, "integration": 1,
                 **LOW_RISK, "financial_health": 3, "market_difficulty": 3, "country_risk": 2,
                 "ip_sensitivity": 2},
    ),
    # --- Packaging ------------------------------------------------------------------------
    "nordpack": DemoSegmentation(
        factors={"criticality": 3, "complexity": 2, "innovation": 3, "integration": 4,
                 **LOW_RISK, "collaboration_willingness": 3},
        model="partnership",
        model_reason="Inserts are engineered per part number and they hold stock for us.",
        expectations={"our_expectation": "collaborative", "our_importance": 4,
                      "supplier_expectation": "cooperative", "supplier_importance": 3},
        maturity=(
            MaturityStep(stage="cooperative", months_ago=32,
                         evidence="Weekly call-off schedule shared; the stock they keep for "
                         "us is set from our forecast."),
            MaturityStep(stage="collaborative", months_ago=22,
                         evidence="Insert range redesigned together: nine box sizes fewer "
                         "and about a tenth less board per shipment."),
        ),
        alignment=(
            AlignmentCheck(months_ago=14, ours=(4, 5, 4), theirs=(4, 5, 4),
                           notes={"our_values": "Quick answers, and they keep what they "
                                  "promise."}),
            AlignmentCheck(months_ago=2, ours=(3, 2, 4), theirs=(4, 4, 5),
                           notes={"our_values": "Quotations take a week, two monthly calls "
                                  "were cancelled at short notice.",
                                  "our_goals": "Their new account team seems to put larger "
                                  "customers first.",
                                  "their_values": "They see the slower replies as a "
                                  "hand-over issue that is already behind them."}),
        ),
    ),
    "kartonagen_ruhr": DemoSegmentation(
        factors={**LOW_VALUE, "criticality": 2, "integration": 2, **LOW_RISK},
    ),
    "atlantic": DemoSegmentation(
        factors={**LOW_VALUE, "criticality": 2, "integration": 2, **LOW_RISK},
    ),
    # A pilot: only a few facts are recorded so far.
    "greenfold": DemoSegmentation(
        factors={"criticality": 1, "innovation": 4, "financial_health": 3, "country_risk": 1},
    ),
    # --- Medical packaging ----------------------------------------------------------------
    "sterilis": DemoSegmentation(
        factors={"criticality": 5, "complexity": 4, "innovation": 5, "integration": 4,
                 "financial_health": 5, "single_source": True, "market_difficulty": 3,
                 "country_risk": 1, "ip_sensitivity": 3, "regulatory_constraints": 4,
                 "serious_incidents": 0, "commodity": False, "collaboration_willingness": 5,
                 "supplier_is_competitor": False, "regulation_mandates_distance": False,
                 "shared_risk_reward": True},
        model="partnership",
        model_reason="Gain-share on the thin-wall tray, reviewed every quarter with their "
        "research and development team.",
        expectations={"our_expectation": "strategic", "our_importance": 5,
                      "supplier_expectation": "strategic", "supplier_importance": 5},
        maturity=(
            MaturityStep(stage="cooperative", months_ago=40,
                         evidence="Six-month rolling tray forecast shared; they keep two "
                         "weeks of safety stock for us."),
            MaturityStep(stage="collaborative", months_ago=29,
                         evidence="Their engineers and ours validated the thinner-walled "
                         "tray together, sterilisation trials included."),
            MaturityStep(stage="strategic", months_ago=23,
                         evidence="Gain-share agreement signed: material savings split "
                         "50/50, with a three-year improvement plan owned by both sides."),
        ),
        alignment=(
            AlignmentCheck(months_ago=26, ours=(4, 4, 3), theirs=(3, 4, 4),
                           notes={"our_capabilities": "Validation work is slow on our side "
                                  "as well as theirs.",
                                  "their_goals": "Unsure whether we want savings or "
                                  "innovation from them."}),
            AlignmentCheck(months_ago=3, ours=(5, 5, 4), theirs=(5, 5, 5),
                           notes={"our_goals": "The gain-share makes both sides want the "
                                  "same improvements."}),
        ),
    ),
    "clearseal": DemoSegmentation(
        factors={"criticality": 3, "complexity": 2, "innovation": 1, "integration": 2,
                 **LOW_RISK, "market_difficulty": 2, "regulatory_constraints": 4},
    ),
    "medipak_baltic": DemoSegmentation(
        factors={"criticality": 3, "complexity": 2, "country_risk": 2,
                 "regulatory_constraints": 4},
    ),
    # --- Logistics ------------------------------------------------------------------------
    "rheinfracht": DemoSegmentation(
        factors={"criticality": 4, "complexity": 2, "innovation": 2, "integration": 4,
                 **LOW_RISK, "regulatory_constraints": 2, "serious_incidents": 1,
                 "collaboration_willingness": 4},
        model="partnership",
        model_reason="Their trucks are in our yard schedule and book through our dispatch "
        "system.",
        expectations={"our_expectation": "collaborative", "our_importance": 4,
                      "supplier_expectation": "collaborative", "supplier_importance": 4},
    ),
    "alpenland": DemoSegmentation(
        factors={"criticality": 2, "complexity": 2, "innovation": 1, "integration": 2,
                 **LOW_RISK, "country_risk": 2},
    ),
    "transmarine": DemoSegmentation(
        factors={"criticality": 3, "complexity": 3, "innovation": 1, "integration": 2,
                 **LOW_RISK, "market_difficulty": 2, "country_risk": 2,
                 "regulatory_constraints": 2, "collaboration_willingness": 4},
        model="transactional",
        model_reason="Spot bookings per lane until the lane data is rebuilt.",
        expectations={"our_expectation": "cooperative", "our_importance": 3,
                      "supplier_expectation": "collaborative", "supplier_importance": 4},
        maturity=(
            MaturityStep(stage="cooperative", months_ago=25,
                         evidence="Weekly lane call set up, and our monthly booking outlook "
                         "goes to their Asia desk."),
            MaturityStep(stage="transactional", months_ago=12,
                         evidence="The weekly lane call lapsed at the last hand-over; "
                         "bookings are made one shipment at a time again."),
        ),
    ),
    "iberia_cargo": DemoSegmentation(factors={**LOW_VALUE, **LOW_RISK, "financial_health": 3}),
    "danube_rail": DemoSegmentation(
        factors={"criticality": 2, "complexity": 2, "financial_health": 3, "country_risk": 2},
    ),
    # --- Fasteners, plastics --------------------------------------------------------------
    "bolzano": DemoSegmentation(
        factors={**LOW_VALUE, "criticality": 2, "integration": 3, **LOW_RISK},
    ),
    "meridian": DemoSegmentation(factors={**LOW_VALUE, "criticality": 2, **LOW_RISK}),
    "polyform": DemoSegmentation(
        factors={"criticality": 4, "complexity": 3, "innovation": 4, "integration": 4,
                 **LOW_RISK, "market_difficulty": 2, "ip_sensitivity": 2,
                 "regulatory_constraints": 2, "collaboration_willingness": 5},
        model="partnership",
        model_reason="The recycled grade was developed together; our housing moulds run at "
        "their site.",
        expectations={"our_expectation": "collaborative", "our_importance": 4,
                      "supplier_expectation": "collaborative", "supplier_importance": 4},
    ),
    "resinova": DemoSegmentation(
        factors={"criticality": 2, "complexity": 2, "innovation": 1, "integration": 2,
                 "financial_health": 2, "single_source": False, "market_difficulty": 2,
                 "country_risk": 2, "ip_sensitivity": 4, "regulatory_constraints": 1,
                 "serious_incidents": 1},
        model="transactional", model_reason="Phasing out; last orders before the moulds return.",
    ),
    # --- Indirect -------------------------------------------------------------------------
    "bueroprofi": DemoSegmentation(
        factors={**LOW_VALUE, **LOW_RISK, "commodity": True},
        model="transactional", model_reason="Web-shop orders from a catalogue.",
    ),
    "lemaire": DemoSegmentation(factors={**LOW_VALUE, **LOW_RISK, "commodity": True}),
    # They want a partnership; we buy hours at the rate card (the expectation gap).
    "kodewerk": DemoSegmentation(
        factors={"criticality": 3, "complexity": 3, "innovation": 2, "integration": 3,
                 **LOW_RISK, "single_source": True, "market_difficulty": 2,
                 "ip_sensitivity": 3, "collaboration_willingness": 5},
        model="transactional",
        model_reason="Hours bought at the rate card through purchase orders.",
        expectations={"our_expectation": "transactional", "our_importance": 2,
                      "supplier_expectation": "strategic", "supplier_importance": 5},
        alignment=(
            AlignmentCheck(months_ago=12, ours=(2, 3, 4), theirs=(5, 4, 4),
                           notes={"our_goals": "We need a portal that runs; a shared "
                                  "roadmap is not on our agenda.",
                                  "their_goals": "They want to co-fund a roadmap and grow "
                                  "the portal into a product."}),
            AlignmentCheck(months_ago=2, ours=(2, 4, 4), theirs=(5, 4, 5),
                           notes={"our_goals": "Still no one above buyer level has talked "
                                  "to them about where the portal should go."}),
        ),
    ),
    "stratus": DemoSegmentation(
        factors={"criticality": 3, "complexity": 2, "innovation": 1, "integration": 3,
                 **LOW_RISK, "market_difficulty": 2, "country_risk": 2, "ip_sensitivity": 2,
                 "regulatory_constraints": 2},
    ),
    "datawell": DemoSegmentation(
        factors={"criticality": 2, "complexity": 3, "innovation": 3, "integration": 1,
                 **LOW_RISK, "financial_health": 3, "market_difficulty": 2,
                 "ip_sensitivity": 2, "regulatory_constraints": 2},
    ),
    "servotec": DemoSegmentation(
        factors={"criticality": 3, "complexity": 2, "innovation": 1, "integration": 2,
                 **LOW_RISK},
    ),
    "hydraulik_nord": DemoSegmentation(factors={**LOW_VALUE, "criticality": 2, **LOW_RISK}),
}  # fmt: skip


# --- relationship signals -------------------------------------------------------------------
# Interactions with the suppliers, manual trust entries, and the days the health checks ran.
# Times here are in *days* before the load, because the drift checks count days: the last
# 90 days against the 365 before them. Where the detail matters a story is told touch by
# touch (`Touch`); elsewhere as rhythms, things that recur every so many days (`Rhythm`).
# The loader moves each rhythm's dates a little with a random generator seeded by the
# supplier key, so every load tells the same story. Each interaction is logged on the day it
# happened (a request: on the day the answer came) by the supplier's owner of the day.
#
# The notes of the steady relationships avoid both casual and formal wording, so that their
# formality stays put; only Nordpack's notes change register (see `tone.py`).

# How far back the stories go: the older recomputes then still see part of a baseline.
SIGNALS_HISTORY_DAYS = 560.0
# The other suppliers need only enough history for a believable health list.
BACKGROUND_HISTORY_DAYS = 300.0
# The nightly recompute, replayed every two weeks over the last year, and today.
RECOMPUTE_EVERY_DAYS = 14
RECOMPUTE_SPAN_DAYS = 364


@dataclass(frozen=True, kw_only=True)
class Touch:
    """One interaction, told in full."""

    days_ago: float
    channel: str
    initiated_by: str  # "ours" or "supplier"
    subject: str
    notes: str
    tags: tuple[str, ...] = ()
    # A request (data, flexibility or concession) made by `request_side`, answered
    # `answer_hours` later; None: still waiting for the answer.
    request_kind: str = ""
    request_side: str = "ours"
    answer_hours: float | None = None
    # Their people in it, by name; empty: one person of `contact_function` ("" = sales).
    contacts: tuple[str, ...] = ()
    contact_function: str = ""
    # Our people in it, by name (our-side contacts of the supplier); they show on the
    # contact-coverage grid.
    ours: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Rhythm:
    """Interactions of one kind, about every `every_days` days; subjects and notes are used
    in turn. In the profiles, `{flow}`, `{plan}` and `{unit}` become words that fit the
    supplier's kind of supply (SUPPLY_WORDS)."""

    every_days: float
    channel: str
    initiated_by: str = "ours"
    subjects: tuple[str, ...]
    notes: tuple[str, ...]
    tags: tuple[str, ...] = ()
    request_kind: str = ""
    request_side: str = "ours"
    answer_hours: tuple[float, float] = (0.0, 0.0)  # the quickest and the slowest answer
    from_days: float | None = None  # None: from the start of the supplier's history
    until_days: float = 0.0
    after_days: float = 0.0  # the first one no sooner than this after the history starts
    contact_function: str = ""


@dataclass(frozen=True, kw_only=True)
class TrustMove:
    """A manual deposit (points above zero) or withdrawal in the trust ledger."""

    days_ago: float
    points: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class DemoSignals:
    rhythms: tuple[Rhythm, ...] = ()
    touches: tuple[Touch, ...] = ()
    trust: tuple[TrustMove, ...] = ()


@dataclass(frozen=True, kw_only=True)
class AlertHandling:
    """Someone acknowledging the newest open alert of `kind` about a supplier, with a note."""

    supplier: str
    kind: str
    days_ago: float
    note: str
    by: str = ""  # username; "": the supplier's owner of the day


SUPPLY_WORDS: dict[str, dict[str, str]] = {
    "goods": {"flow": "deliveries", "plan": "the volume forecast", "unit": "part numbers"},
    "freight": {"flow": "shipments", "plan": "the booking outlook", "unit": "lanes"},
    "services": {"flow": "service visits", "plan": "the work plan", "unit": "service tasks"},
    "catalogue": {"flow": "orders", "plan": "the order plan", "unit": "catalogue items"},
}

# --- the stories ----------------------------------------------------------------------------

# Nordpack: ideas, quick answers and easy-going contact for years; then, in the last three
# months, no ideas, week-long answers, formal letters, cancelled calls and small quarrels.
_NORDPACK_GOOD_UNTIL = 95.0
NORDPACK = DemoSignals(
    rhythms=(
        Rhythm(
            every_days=14, channel="email", initiated_by="supplier",
            tags=("unsolicited_suggestion",), until_days=_NORDPACK_GOOD_UNTIL,
            subjects=("Idea: thinner flute", "Idea: one-piece insert", "Idea: flat bundles",
                      "Idea: fewer box sizes", "Idea: printed fold lines", "Idea: water-based ink",
                      "Idea: pre-kitted inserts", "Idea: export pallet pattern",
                      "Idea: stronger recycled board", "Idea: tear strip"),
            notes=(
                "Hi-and-an-idea mail: they've worked out that a slightly thinner flute still "
                "passes our drop test and saves board. Samples on the way!",
                "They suggested folding the insert from one blank instead of gluing two parts. "
                "Cheaper and quicker to pack. Great idea!",
                "Lovely proposal out of the blue: send the small-parts boxes flat in bundles of "
                "fifty, which frees up space in our warehouse. Thanks!",
                "They spotted that three of our box sizes differ by only a few millimetres and "
                "offered to merge them into one. Smart!",
                "Idea from their designer: printed fold lines on the insert, so our packers "
                "won't need the work instruction. Brilliant.",
                "They suggested a water-based ink that makes the boxes easier to recycle, at "
                "the same price. Happy to test it!",
                "They offered to pre-kit the inserts per spare-parts kit, so our packers pick "
                "one bundle instead of four. Great help.",
                "Their proposal: a new pallet pattern for the export boxes that fits two more "
                "layers on each truck. Nice work!",
                "They've found a recycled board grade that's stronger than ours and sent the "
                "test data straight away. Excellent!",
                "Their team suggested a tear strip on the large boxes, since our dealers keep "
                "asking for easier opening. Love it!",
            ),
        ),
        Rhythm(
            every_days=28, channel="informal_checkin", initiated_by="supplier",
            tags=("unsolicited_suggestion",), until_days=_NORDPACK_GOOD_UNTIL,
            subjects=("Catch-up", "Coffee after the delivery check", "Call to say hi",
                      "Chat at the fair", "Video check-in", "Lunch after the stock count"),
            notes=(
                "Quick catch-up call, no agenda. They asked how the new cart boxes work on our "
                "packing line and floated an idea for a snug corner piece. Good fun too!",
                "Coffee at their office after the delivery check. Lots of friendly ideas; "
                "they'll sketch a lighter lid for us. Great to see the team.",
                "They called just to say hi, and mentioned they could print our part numbers "
                "on the boxes for free. Thanks, Nordpack!",
                "Chat at the packaging fair. Lovely atmosphere; they showed off the "
                "recycled-fibre insert and suggested using it for the big kits too.",
                "Quick video check-in: the inserts for the new kit fit nicely, and they've got "
                "an idea to save one more fold. Let's try it!",
                "Lunch with their team after the stock count. Friendly and open; they proposed "
                "a smaller safety stock that still covers our peaks. Great.",
            ),
        ),
        Rhythm(
            every_days=75, channel="workshop",
            tags=("joint_improvement", "unsolicited_suggestion"),
            until_days=_NORDPACK_GOOD_UNTIL,
            subjects=("Packaging workshop", "Trial on our packing line", "Insert review",
                      "Board savings workshop"),
            notes=(
                "Joint packaging workshop with Ingrid and their designers: six ideas on the "
                "table, most of them theirs, two picked for a trial. Great energy!",
                "Trial day on our packing line with their team. Their new insert cuts the "
                "packing time per kit nicely; roll-out next month. Thanks, all!",
                "Looked back at the recycled-fibre insert together: no damage claims at all, "
                "and they're keen to use it for the large boxes too. Brilliant.",
                "Board savings workshop: they brought a way to drop one box size altogether. "
                "Good fun and good ideas.",
            ),
        ),
        Rhythm(
            every_days=30, channel="email", request_kind="data", answer_hours=(2, 9),
            until_days=130,
            subjects=("Quotation for new kit boxes", "Stock figures", "Updated prices",
                      "Insert drawings"),
            notes=(
                "Asked for a quotation for the boxes of the new service kit. Back the same "
                "afternoon. Thanks!",
                "Asked for the stock they hold for us; answer within a couple of hours, as "
                "usual. Cheers!",
                "Asked for the new prices after the board increase. Quick, friendly reply with "
                "the calculation attached.",
                "Asked for drawings of the current insert set for our new engineer. Sent the "
                "same morning, great service.",
            ),
        ),
        Rhythm(
            every_days=45, channel="call", tags=("information_shared",),
            until_days=_NORDPACK_GOOD_UNTIL, subjects=("Monthly call",),
            notes=(
                "Monthly call: we walked them through our forecast, they're happy with it, and "
                "deliveries are spot on. Good call!",
                "Monthly call, all green. We shared the busy-season plan and they'll keep an "
                "extra week of stock for us. Great!",
                "Monthly call: we shared our launch calendar, then a friendly chat about ideas "
                "for next year.",
                "Monthly call: we told them early about two new kits, and they'd already "
                "replaced a damaged pallet. Thanks, team!",
            ),
        ),
    ),
    touches=(
        # The recycled-fibre insert, developed together about two years ago.
        Touch(days_ago=760, channel="workshop", initiated_by="supplier",
              subject="Recycled-fibre insert: kick-off",
              tags=("unsolicited_suggestion", "joint_improvement"),
              contacts=("Erik Sandberg", "Oskar Lund"),
              notes="Kick-off of the recycled-fibre insert with Erik and their development "
              "team. They brought three material samples of their own accord; Ingrid is "
              "testing them this month. Really promising!"),
        Touch(days_ago=700, channel="site_visit", initiated_by="ours",
              subject="First production run of the recycled-fibre insert",
              tags=("joint_improvement",), contacts=("Erik Sandberg", "Oskar Lund"),
              notes="Watched the first production run of the recycled-fibre inserts at their "
              "plant. Two small changes agreed on the spot. Excellent teamwork!"),
        Touch(days_ago=665, channel="meeting", initiated_by="ours",
              subject="Recycled-fibre insert approved",
              tags=("joint_improvement", "recognition_given"),
              contacts=("Erik Sandberg", "Anders Wikström"),
              notes="The recycled-fibre insert is approved for every spare-parts shipment. Paul "
              "thanked Erik's team in person: less board, no plastic, and no more damage than "
              "before. A great result for both of us!"),
        # Both sides change hands.
        Touch(days_ago=280, channel="informal_checkin", initiated_by="supplier",
              subject="Erik is leaving", contacts=("Erik Sandberg",),
              notes="Erik rang to say he's leaving Nordpack next month. Sad news, he's been "
              "great to work with. He promised a proper handover to whoever comes next."),
        Touch(days_ago=252, channel="meeting", initiated_by="supplier",
              subject="Introduction of the new key account manager",
              contacts=("Linnea Berg", "Anders Wikström"),
              notes="Met Linnea Berg, their new key account manager, together with Tom, who "
              "handed the account over to Aisha. Friendly start; the monthly call stays, and "
              "Linnea wants to keep the ideas coming."),
        # The last three months.
        Touch(days_ago=88, channel="email", initiated_by="ours",
              subject="Quotation for next year's service-kit boxes", request_kind="data",
              answer_hours=205, contacts=("Linnea Berg",),
              notes="Asked for a quotation for next year's service-kit boxes. The reply came "
              "after nine days: 'Dear Ms Rahman, please find attached our quotation as per the "
              "framework agreement. Regards, L. Berg.'"),
        Touch(days_ago=80, channel="email", initiated_by="supplier",
              subject="Monthly call cancelled", contacts=("Linnea Berg",),
              notes="Monthly call cancelled by Nordpack an hour before it was due: 'We regret "
              "that we are unable to attend today.' No new date offered."),
        Touch(days_ago=73, channel="email", initiated_by="ours",
              subject="Earlier delivery of inserts", request_kind="flexibility",
              answer_hours=190, contacts=("Linnea Berg",),
              notes="Asked whether next week's insert delivery could come two days earlier. "
              "The answer arrived after eight days, when the date had passed: 'With reference "
              "to your request, please be advised that changes to delivery dates require two "
              "weeks' notice as per the agreement.'"),
        Touch(days_ago=65, channel="email", initiated_by="supplier",
              subject="Monthly call cancelled again", contacts=("Linnea Berg",),
              notes="Second monthly call in a row cancelled at short notice: 'Please be "
              "advised that the meeting will not take place. We will revert with a new date.' "
              "No date has come."),
        Touch(days_ago=60, channel="call", initiated_by="ours",
              subject="Express-freight charge on the last delivery", tags=("minor_dispute",),
              contacts=("Linnea Berg",),
              notes="Dispute over an express-freight charge on the last insert delivery. We "
              "never ordered express freight; they insist that the contractual terms allow "
              "it. Left unresolved for now."),
        Touch(days_ago=56, channel="email", initiated_by="ours",
              subject="Stock held for us", request_kind="data", answer_hours=250,
              contacts=("Linnea Berg",),
              notes="Asked for the stock figures they hold for us. Answered after ten days: "
              "'Dear Ms Rahman, please find enclosed the stock report in accordance with "
              "clause 7 of the agreement.'"),
        Touch(days_ago=50, channel="email", initiated_by="ours",
              subject="Our forecast and two kit launches", tags=("information_shared",),
              contacts=("Linnea Berg",),
              notes="Sent them our volume forecast for the next two quarters and the launch "
              "dates of two new kits, unasked, so that they can plan. Acknowledged in one "
              "line."),
        Touch(days_ago=42, channel="email", initiated_by="ours",
              subject="Price for a lighter insert", request_kind="data", answer_hours=228,
              contacts=("Linnea Berg",),
              notes="Asked for a price for a lighter insert that Ingrid designed. Reply after "
              "nine and a half days: 'Kindly note that design changes are subject to a formal "
              "change request in accordance with the agreement.'"),
        Touch(days_ago=33, channel="email", initiated_by="supplier",
              subject="Split delivery after a machine breakdown", request_kind="flexibility",
              request_side="supplier", answer_hours=4, contact_function="logistics",
              notes="They asked us to accept a split delivery because one of their machines "
              "broke down. We agreed the same morning."),
        Touch(days_ago=27, channel="call", initiated_by="ours",
              subject="Inserts crushed in transit", tags=("minor_dispute",),
              contacts=("Linnea Berg",),
              notes="Disagreement about who pays for 300 inserts crushed in transit. They "
              "point to the delivery terms; we think the pallet was badly packed. Unresolved "
              "until the next review."),
        Touch(days_ago=20, channel="email", initiated_by="ours",
              subject="Recycled-content certificate", request_kind="data", answer_hours=200,
              contacts=("Linnea Berg",),
              notes="Asked for the recycled-content certificate that one of our customers "
              "needs. Reply after eight days: 'Dear Sir or Madam, please find attached the "
              "certificate as requested. Yours sincerely.'"),
        Touch(days_ago=12, channel="meeting", initiated_by="ours",
              subject="Monthly meeting", tags=("information_shared",),
              contacts=("Linnea Berg",),
              notes="Monthly meeting held at last, with Linnea and their sales director. We "
              "presented next year's volume plan. They followed a prepared agenda, asked for "
              "our questions in writing and brought no proposals of their own."),
        Touch(days_ago=5, channel="email", initiated_by="ours",
              subject="Delivery schedule for the next two months", request_kind="data",
              answer_hours=None, contacts=("Linnea Berg",),
              notes="Asked for the delivery schedule of the next two months. Still waiting "
              "for an answer."),
    ),
    trust=(
        TrustMove(days_ago=64, points=-3,
                  reason="Second monthly call in a row cancelled at short notice, and no new "
                  "date offered."),
    ),
)  # fmt: skip

# Sterilis: a busy, steady partnership around the gain-share; nothing drifts.
STERILIS = DemoSignals(
    rhythms=(
        Rhythm(
            every_days=25, channel="call", contact_function="logistics",
            subjects=("Weekly operations call",),
            notes=(
                "Weekly call with Luca: tray and lid deliveries on plan, and the safety stock "
                "sits at the agreed two weeks. Smooth as usual.",
                "Operations call. Their final inspection held back one pallet of lids and "
                "replaced it the next day, a good catch on their side.",
                "Went through the six-month forecast together; they confirmed capacity for the "
                "autumn peak. Reassuring.",
                "Operations call, all green. Luca pointed out a Swiss public holiday and "
                "moved the delivery a day earlier.",
                "Operations call: the sterilisation batch records of last month received, "
                "complete and in good order.",
                "Forecast update shared. They will run the thin-wall tray on two shifts from "
                "next month to keep pace with our growth.",
            ),
        ),
        Rhythm(
            every_days=30, channel="email", initiated_by="supplier",
            tags=("unsolicited_suggestion",), contact_function="engineering",
            subjects=("Gain-share proposal",),
            notes=(
                "Reto proposed trimming the lid flange by two millimetres: less film per lid, "
                "same seal strength. A welcome saving for the gain-share ledger.",
                "New proposal from their development team: nest the trays in stacks of twenty "
                "instead of twelve to save cartons. Promising samples are on their way.",
                "The team around Reto suggested a lighter grade of tray material that passed their "
                "first seal tests well.",
                "Proposal to combine the two lid sizes into one, which would simplify stock "
                "nicely on both sides.",
                "They offered to form the trays at a lower temperature, which cuts their energy "
                "bill; half of the saving comes to us under the gain-share. A good idea.",
                "A clever idea from Claire and her team: print the batch code on the lid "
                "instead of adding a label. One part fewer and easier tracing.",
            ),
        ),
        Rhythm(
            every_days=90, channel="workshop", tags=("joint_improvement",),
            contact_function="engineering",
            subjects=("Joint trial", "Improvement workshop", "Validation run"),
            notes=(
                "Joint trial of the flange change at their plant with Ingrid: seal strength "
                "and peel tests passed. Good teamwork.",
                "Workshop on the improvement plan for next year: five ideas ranked, two taken "
                "into validation. Productive session.",
                "Validation run of the new tray nesting on our packing line: no jams, and the "
                "carton savings are confirmed.",
            ),
        ),
        Rhythm(
            every_days=91, channel="business_review", tags=("recognition_given",),
            contact_function="executive",
            subjects=("Quarterly business review",),
            notes=(
                "Quarterly business review: gain-share ledger agreed, the savings of this "
                "quarter split half and half. Paul thanked their team for the lid trial.",
                "Quarterly review with Thomas Gerber and Claire: every indicator green, two "
                "proposals approved for validation. A warm and constructive meeting.",
                "Business review: improvement plan on track. Henrik and their finance lead "
                "signed the savings statement. Both sides were pleased.",
            ),
        ),
        Rhythm(
            every_days=50, channel="informal_checkin", initiated_by="supplier",
            subjects=("Call from Claire", "After the trial", "At the fair"),
            notes=(
                "Claire called to hear how the cart launch is going and whether we need "
                "anything from them. Friendly and helpful, as always.",
                "Stayed on with Reto after the trial. He is keen to try a recycled tray "
                "material next year.",
                "Met Claire at the medical packaging fair; they are pleased with how the "
                "partnership runs.",
            ),
        ),
        Rhythm(
            every_days=35, channel="email", request_kind="data", answer_hours=(2, 6),
            contact_function="quality",
            subjects=("Validation file", "Price for extra trays", "Shelf-life statement",
                      "Earlier lid delivery"),
            notes=(
                "Asked for the sterilisation validation file for our auditor; Nadia helpfully "
                "sent it within hours.",
                "Asked for a price for 5,000 extra trays for a hospital order. A clear answer "
                "the same day.",
                "Asked for an updated shelf-life statement; it arrived promptly the same "
                "afternoon.",
                "Asked whether the next lid delivery could come two days earlier; confirmed "
                "within hours, no problem.",
            ),
        ),
        Rhythm(
            every_days=75, channel="email", initiated_by="supplier", request_kind="flexibility",
            request_side="supplier", answer_hours=(4, 20), contact_function="logistics",
            subjects=("Early shipment", "Delivery slot"),
            notes=(
                "They asked to ship half a week early to free space in their warehouse. We "
                "agreed gladly.",
                "They asked for a different delivery slot while their loading bay is rebuilt. "
                "Arranged with our goods receipt.",
            ),
        ),
        Rhythm(
            every_days=180, channel="call", initiated_by="supplier", tags=("early_warning",),
            contact_function="quality",
            subjects=("Heads-up on film supply", "Heads-up on a tray lot"),
            notes=(
                "Claire warned us a month ahead that their film supplier is short of material, "
                "and showed how they will protect our volumes first.",
                "Nadia told us about a small deviation in one tray lot before it shipped, with "
                "a thorough investigation attached.",
            ),
        ),
    ),
)  # fmt: skip

# Lumitron: an ordinary, healthy component supplier whose accounts team rang about small
# invoice errors before anyone had to argue about them.
LUMITRON = DemoSignals(
    rhythms=(
        Rhythm(
            every_days=40, channel="call", subjects=("Monthly allocation call",),
            notes=(
                "Monthly allocation call: our share of their board capacity confirmed for the "
                "next quarter.",
                "Went through the twelve-month demand plan together; they flagged one "
                "connector with longer lead times in good time.",
                "Monthly call: deliveries on time, one wiring loom revision agreed.",
                "Call on the motor-controller boards: good yields, no open complaints.",
            ),
        ),
        Rhythm(
            every_days=90, channel="informal_checkin", initiated_by="supplier",
            subjects=("Evening call", "Video check-in"),
            notes=(
                "Their account manager called late in their evening just to hear how things are "
                "going. Pleasant and open.",
                "Short video check-in with their sales team; they asked for feedback on the "
                "last quarter and were pleased with it.",
            ),
        ),
        Rhythm(
            every_days=60, channel="email", request_kind="data", answer_hours=(14, 30),
            subjects=("Allocation confirmation", "Loom lead times", "Quotation for board rev. C"),
            notes=(
                "Asked for the allocation confirmation for next quarter; it came overnight.",
                "Asked for updated lead times on the wiring looms. Full answer the next "
                "morning.",
                "Asked for a quotation on the new board revision; received within a day.",
            ),
        ),
        Rhythm(
            every_days=90, channel="email", initiated_by="supplier",
            tags=("information_shared",), subjects=("Market note", "Holiday shutdown"),
            notes=(
                "They shared a note on chip lead times, unasked, with what it means for our "
                "boards.",
                "They told us early about a holiday shutdown at their plant and how they will "
                "build ahead for us.",
            ),
        ),
        Rhythm(
            every_days=120, channel="email", initiated_by="supplier",
            tags=("unsolicited_suggestion",), subjects=("Board design idea", "Loom variants"),
            notes=(
                "They proposed an alternative footprint on the board, so that a shortage of one "
                "capacitor would no longer stop us.",
                "They suggested merging two wiring loom variants; our engineers are reviewing "
                "it.",
            ),
        ),
        Rhythm(
            every_days=91, channel="business_review", contact_function="executive",
            subjects=("Quarterly business review",),
            notes=(
                "Quarterly review with their management: delivery and quality targets met; the "
                "demand plan stays the basis for allocation.",
                "Quarterly review: prices for the next half-year agreed, and a joint look at "
                "the chip market. Constructive.",
            ),
        ),
    ),
    touches=(
        Touch(days_ago=300, channel="call", initiated_by="supplier",
              subject="Boards from a cancelled order", tags=("help_beyond_contract",),
              notes="During the connector shortage they offered us boards from a cancelled "
              "order of another customer at our contract price. Saved us a week of "
              "production."),
        Touch(days_ago=76, channel="informal_checkin", initiated_by="supplier",
              subject="Invoice mismatches, sorted on a call",
              tags=("early_warning", "information_shared"),
              notes="Their accounts receivable lead rang us before their month-end close: "
              "three of our recent invoices did not match the purchase orders. A freight line "
              "had been charged twice and two unit prices were still on the list of last quarter. "
              "She had already stopped the invoices and offered credit notes, so nothing "
              "reached our payables team as a dispute. An easy, friendly call."),
        Touch(days_ago=62, channel="email", initiated_by="ours",
              subject="Credit notes received", tags=("recognition_given",),
              notes="Credit notes for the three invoices arrived, and the corrected invoices "
              "match our orders. Thanked their accounts team and copied their key account "
              "manager."),
    ),
    trust=(
        TrustMove(days_ago=74, points=5,
                  reason="Their finance team found small invoice errors themselves and rang "
                  "us before they could turn into a payment dispute."),
    ),
)  # fmt: skip

# Hydraulik Nord: we hear from them every six weeks or so, and always usefully.
HYDRAULIK_NORD = DemoSignals(
    rhythms=(
        Rhythm(
            every_days=48, channel="call", tags=("information_shared",),
            subjects=("Service visit planning", "Hose stock", "After the repair",
                      "Before the shutdown"),
            notes=(
                "Call to plan the next service visit. They told us a seal kit is on back-order "
                "for two weeks and have already put one aside for us.",
                "Checked the hoses they keep in stock for us. They mentioned that a cheaper "
                "fitting of the same rating is now available.",
                "Call after the press-shop repair, done in one shift. They passed on the wear "
                "readings their technician took.",
                "Routine call before the summer shutdown. They sent their holiday cover plan "
                "without being asked.",
            ),
        ),
        Rhythm(
            every_days=210, channel="email", initiated_by="supplier", after_days=60,
            tags=("unsolicited_suggestion",), subjects=("Hose replacement plan", "Spare fittings"),
            notes=(
                "They suggested replacing the press hoses on a fixed schedule instead of "
                "waiting for them to fail, and priced it.",
                "They proposed keeping a small box of spare fittings at our press shop to save "
                "call-outs.",
            ),
        ),
        Rhythm(
            every_days=120, channel="email", request_kind="data", answer_hours=(18, 30),
            subjects=("Quotation for the yearly inspection", "Hose certificates"),
            notes=(
                "Asked for a quotation for the yearly hose inspection; it came the next day.",
                "Asked for the test certificates of the last hose batch; sent the following "
                "morning.",
            ),
        ),
    ),
)  # fmt: skip

# Transmarine: ordinary freight business, explained again to every new buyer.
TRANSMARINE = DemoSignals(
    rhythms=(
        Rhythm(
            every_days=45, channel="call", subjects=("Booking call", "Delays", "Monthly call"),
            notes=(
                "Booking call for the containers of next month from Shanghai and Kaohsiung; "
                "rates as quoted.",
                "Went through the delayed containers. Port congestion again, which they could "
                "not have avoided.",
                "Monthly call: air-freight volumes down, sea freight on plan.",
            ),
        ),
        Rhythm(
            every_days=60, channel="email", request_kind="data", answer_hours=(30, 60),
            subjects=("Lane rates", "Transit-time report"),
            notes=(
                "Asked for lane rates for the next quarter; they came two days later.",
                "Asked for the transit-time report per lane. They sent it, remarking that it is "
                "the same report the previous buyer received.",
            ),
        ),
        Rhythm(
            every_days=90, channel="email", initiated_by="supplier",
            tags=("information_shared",), subjects=("Blank sailings", "Air-freight rates"),
            notes=(
                "They warned us about blank sailings around the Lunar New Year and advised "
                "booking early.",
                "They shared a note on rising air-freight rates ahead of the peak season.",
            ),
        ),
        Rhythm(
            every_days=180, channel="call", after_days=100, tags=("minor_dispute",),
            subjects=("Demurrage charge", "Rate increase"),
            notes=(
                "Dispute over a demurrage charge: they say a waiver agreed with an earlier buyer "
                "was never written down on our side.",
                "Argument about a rate increase that the previous owner had apparently accepted "
                "on the phone.",
            ),
        ),
    ),
    touches=(
        Touch(days_ago=512, channel="meeting", initiated_by="supplier",
              subject="Handover to a new buyer", tags=("information_shared",),
              notes="Handover meeting with Tom, the new buyer. Their account team presented the "
              "lanes, volumes and open agreements again from the start, and asked that "
              "agreements be written down this time."),
        Touch(days_ago=148, channel="meeting", initiated_by="supplier",
              subject="Handover to a new buyer, again", tags=("information_shared",),
              notes="Another handover meeting, now with Bruno, who owned the account years ago. "
              "Their account manager asked politely whether the lane review agreed with Tom "
              "still stands."),
    ),
)  # fmt: skip

# Kaiyuan: fine for years, then defects, a hidden problem and an escalation used up the trust.
_KAIYUAN_TROUBLE_FROM = 280.0
KAIYUAN = DemoSignals(
    rhythms=(
        Rhythm(
            every_days=45, channel="call", until_days=_KAIYUAN_TROUBLE_FROM,
            subjects=("Monthly call",),
            notes=(
                "Monthly call: connector deliveries on time, prices stable.",
                "Call on the volumes for next quarter; they confirmed capacity.",
            ),
        ),
        Rhythm(
            every_days=60, channel="email", request_kind="data", answer_hours=(20, 40),
            until_days=_KAIYUAN_TROUBLE_FROM, subjects=("Lead times",),
            notes=("Asked for updated lead times; answer the next day.",),
        ),
        Rhythm(
            every_days=90, channel="email", initiated_by="supplier",
            tags=("information_shared",), until_days=_KAIYUAN_TROUBLE_FROM,
            subjects=("New plating line", "New Year shutdown"),
            notes=(
                "They told us early about a new plating line that will shorten their lead "
                "times.",
                "They let us know about their New Year shutdown well ahead, with a plan to "
                "build ahead.",
            ),
        ),
        Rhythm(
            every_days=35, channel="call", from_days=_KAIYUAN_TROUBLE_FROM,
            tags=("minor_dispute",), contact_function="quality",
            subjects=("Connector defects", "Open 8D report", "Defect rate", "Faulty connectors"),
            notes=(
                "Another connector lot with bent pins reached our assembly line. They accepted "
                "the claim but gave no root cause.",
                "Quality call: the 8D report on the crimp defect is still open, and their "
                "answers stayed vague.",
                "The defect rate went up again this month; we asked them to sort every lot at "
                "their site before shipping.",
                "More faulty connectors found on our line. Their quality manager blamed our "
                "handling until we sent the photos.",
            ),
        ),
        Rhythm(
            every_days=45, channel="email", request_kind="data", answer_hours=(110, 170),
            from_days=_KAIYUAN_TROUBLE_FROM, contact_function="quality",
            subjects=("8D report", "Containment figures"),
            notes=(
                "Asked for the 8D report on the latest connector defect. It came after almost a "
                "week, and incomplete.",
                "Asked for their containment figures; the reply took six days and two "
                "reminders.",
            ),
        ),
    ),
    touches=(
        Touch(days_ago=235, channel="email", initiated_by="ours",
              subject="Faulty lot sorted without telling us", tags=("problem_hidden",),
              contact_function="quality",
              notes="Our incoming inspection found that they had sorted a faulty connector lot "
              "at their site without telling us, and part of it still reached our line."),
        Touch(days_ago=200, channel="meeting", initiated_by="ours",
              subject="Escalation to their general manager", tags=("escalation",),
              contact_function="executive",
              notes="Escalated the connector defects to their general manager after two 8D "
              "reports stayed open past the deadline."),
        Touch(days_ago=160, channel="site_visit", initiated_by="ours",
              subject="Process audit", tags=("penalty_or_audit_finding",),
              contact_function="quality",
              notes="Process audit at their plant: two major findings on process control and "
              "traceability. They have thirty days to answer."),
        Touch(days_ago=150, channel="meeting", initiated_by="ours",
              subject="Volumes move to Elektra Passives",
              notes="Told them that the connector volume moves to Elektra Passives by the end "
              "of the year. They took it calmly and promised an orderly run-down."),
    ),
)  # fmt: skip

SIGNALS: dict[str, DemoSignals] = {
    "nordpack": NORDPACK,
    "sterilis": STERILIS,
    "lumitron": LUMITRON,
    "hydraulik_nord": HYDRAULIK_NORD,
    "transmarine": TRANSMARINE,
    "kaiyuan": KAIYUAN,
}

# Alerts the replayed recomputes raise that someone then handled, so that the inbox shows
# handled alerts as well as open ones.
ALERT_HANDLING: tuple[AlertHandling, ...] = (
    AlertHandling(
        supplier="transmarine", kind="relationship.turnover", days_ago=355,
        note="Took the account over from Aisha with her written handover notes. I plan to keep "
        "it for at least two years.",
    ),
    AlertHandling(
        supplier="transmarine", kind="relationship.turnover", days_ago=130,
        note="Taken over from Tom with his notes. A lane review with their account team is "
        "booked for next month, and whatever we agree now goes into the contract file.",
    ),
)  # fmt: skip

# --- everyone else: a few kinds of ordinary relationship, each kept steady ------------------

_CLOSE = (
    Rhythm(
        every_days=75, channel="meeting",
        subjects=("Monthly performance review", "Performance and planning meeting"),
        notes=(
            "Went through the {flow} of last month: on time and complete, and the two small "
            "remarks from our checks are closed. Good work.",
            "A productive meeting. We agreed {plan} for the next three months; they will build "
            "ahead of the summer shutdown.",
            "Open actions reviewed together, all but one done. Their team wants to help with "
            "the cost targets for next year.",
            "Useful meeting. We promised to share our engineering change calendar earlier, so "
            "that they can plan ahead.",
            "Monthly review: {flow} on time at 98 %, with one complaint in the quarter. They "
            "were glad to receive {plan} early.",
            "They demonstrated their new planning tool and offered to link it to our call-offs. "
            "Useful discussion; follow-up booked.",
        ),
    ),
    Rhythm(
        every_days=120, channel="informal_checkin", initiated_by="supplier",
        subjects=("Visit without agenda", "Call without agenda", "At the trade fair"),
        notes=(
            "Their account manager was nearby and dropped in. No agenda, just how things are "
            "going and what is coming next year. A pleasant visit.",
            "Call without an agenda. They mentioned a raw-material price rise ahead and we "
            "talked about timing. Helpful.",
            "Met them at their stand at the trade fair. They like how we work together and "
            "asked about our plans.",
        ),
    ),
    Rhythm(
        every_days=75, channel="email", initiated_by="supplier", tags=("unsolicited_suggestion",),
        subjects=("Idea to cut cost", "Improvement proposal"),
        notes=(
            "They proposed merging two {unit} into one, which would save effort on both sides. "
            "Worth a look.",
            "An idea of their own: a different loading pattern that gets a third more onto each "
            "truck. Promising.",
            "They suggested a consignment stock for the fast movers and sent a helpful worked "
            "example of the savings.",
            "They offered an alternative that meets the same specification at a lower price, "
            "with test results attached. Useful and welcome.",
        ),
    ),
    Rhythm(
        every_days=75, channel="call", initiated_by="supplier", tags=("information_shared",),
        subjects=("Heads-up from their side",),
        notes=(
            "They warned us early that one of their own suppliers is under strain, and explained "
            "how they will protect our needs. Helpful.",
            "They sent their capacity figures for the next half-year without being asked. "
            "Helpful for our planning.",
            "They let us know two months ahead about a planned shutdown, with a plan to work "
            "ahead. Appreciated.",
        ),
    ),
    Rhythm(
        every_days=75, channel="email", request_kind="data", answer_hours=(3, 20),
        subjects=("Lead times", "Quotation", "Certificates"),
        notes=(
            "Asked for updated lead times for next quarter. The full list came back the same "
            "day, clear and complete.",
            "Asked for a quotation for a small extra batch. A clear, complete answer.",
            "Asked for their current certificates for our audit file; they came promptly and in "
            "good order.",
        ),
    ),
)  # fmt: skip
_STEADY = (
    Rhythm(
        every_days=60, channel="call", tags=("information_shared",),
        subjects=("Monthly call", "Routine call", "Planning call"),
        notes=(
            "Routine call: {flow} on plan. They told us about a holiday closure in good time.",
            "Checked {plan} against their capacity; they shared their own figures openly, which "
            "helped.",
            "Two late {flow} last month; they explained the cause unasked and have fixed it. "
            "Good.",
            "Price review for next quarter in line with the index. They shared how their costs "
            "developed, which helped.",
        ),
    ),
    Rhythm(
        every_days=90, channel="email", request_kind="data", answer_hours=(16, 40),
        subjects=("Price list", "Certificates", "Schedule"),
        notes=(
            "Asked for the updated price list; it came the next day, complete and clear.",
            "Asked for certificates for an audit; received the following morning, all in good "
            "order.",
            "Asked for a schedule of {flow} for the next two months; a clear answer within a "
            "day.",
        ),
    ),
    Rhythm(
        every_days=180, channel="meeting", tags=("recognition_given",),
        subjects=("Thanks to their team",),
        notes=(
            "Thanked their team for a year of reliable {flow}.",
            "Thanked their operations lead for covering a rush request at short notice.",
        ),
    ),
)  # fmt: skip
_DISTANT = (
    Rhythm(
        every_days=60, channel="call", subjects=("Status call",),
        notes=(
            "Status call: {flow} mostly on time. The open points from last time are still with "
            "them.",
            "Call kept short on their side. Quality stable, no movement on prices.",
            "Open actions reviewed: one closed, two still waiting for them.",
        ),
    ),
    Rhythm(
        every_days=60, channel="email", request_kind="data", answer_hours=(140, 210),
        subjects=("Lead times", "Quotation", "Late delivery"),
        notes=(
            "Asked for revised lead times; the answer came after two reminders.",
            "Asked for a quotation for the volume of next year. The reply took over a week.",
            "Asked why the last delivery was late and got a short reply several days later.",
        ),
    ),
    Rhythm(
        every_days=120, channel="meeting", tags=("recognition_given",),
        subjects=("Thanks for a delivery",),
        notes=(
            "Thanked them for covering an urgent delivery, though it took some chasing.",
            "Thanked their team for sorting a mixed-up delivery, though it took a while.",
        ),
    ),
    Rhythm(
        every_days=240, channel="call", after_days=200, tags=("minor_dispute",),
        subjects=("Short delivery", "Surcharge"),
        notes=(
            "Disagreement over a short delivery: they say it was complete, our goods receipt "
            "says otherwise. Settled with a credit note.",
            "Argument about a surcharge on an urgent order that we had never agreed to. They "
            "dropped half of it.",
        ),
    ),
)  # fmt: skip
_RESERVE = (
    Rhythm(
        every_days=90, channel="call", subjects=("Back-up check",),
        notes=(
            "Call to keep them ready as a back-up: capacity and prices confirmed.",
            "Checked that their certificates and contact details are still current. They would "
            "welcome more volume.",
        ),
    ),
)  # fmt: skip
_SPARSE = (
    Rhythm(
        every_days=75, channel="email", subjects=("Order check",),
        notes=(
            "Checked the last {flow} for the office; all complete.",
            "Confirmed prices for the coming half-year, unchanged.",
        ),
    ),
)  # fmt: skip
_PILOT = (
    Rhythm(
        every_days=28, channel="meeting", subjects=("Pilot review", "Pilot plan", "Pilot visit"),
        notes=(
            "Pilot review: the first results are within what we agreed. Next steps scheduled.",
            "Went through the pilot plan with their team; open questions listed, each with an "
            "owner. Good progress.",
            "Pilot review: they acted promptly on our remarks from last time. Good.",
            "Visited them for the pilot. Well organised, with clear documents for every step.",
        ),
    ),
    Rhythm(
        every_days=40, channel="email", request_kind="data", answer_hours=(6, 28),
        subjects=("Pilot results", "Capacity after the pilot"),
        notes=(
            "Asked for the full results of the pilot so far; they arrived the next day, clear "
            "and complete.",
            "Asked what capacity they could offer if the pilot succeeds; answer within a day.",
        ),
    ),
    Rhythm(
        every_days=40, channel="call", initiated_by="supplier", tags=("information_shared",),
        subjects=("Heads-up on the pilot",),
        notes=(
            "They told us unasked that one of their own suppliers is running behind, and how they "
            "will keep the pilot on schedule.",
            "They shared what they learned from a similar pilot with another customer.",
        ),
    ),
)  # fmt: skip
_VETTING = (
    Rhythm(
        every_days=30, channel="meeting", after_days=7, subjects=("Vetting meeting",),
        notes=(
            "Introductory meeting about their capabilities and references; certificates "
            "requested.",
            "Follow-up on our questionnaire. Two references are still to come.",
        ),
    ),
)  # fmt: skip
# Kodewerk wants more of the relationship than we do: the ideas and requests come from them.
_EAGER = (
    Rhythm(
        every_days=45, channel="email", initiated_by="supplier", tags=("unsolicited_suggestion",),
        subjects=("Roadmap proposal", "Search prototype", "Business review", "Hosting costs"),
        notes=(
            "Miriam sent a proposal for a shared roadmap for the dealer portal, with an offer to "
            "co-fund it.",
            "Felix suggested a faster search for the dealer portal and built a small prototype "
            "in his own time.",
            "They proposed a quarterly business review and sent a draft agenda.",
            "An idea from their team: move the images of the portal to cheaper storage and "
            "save on hosting.",
        ),
    ),
    Rhythm(
        every_days=90, channel="email", initiated_by="supplier", request_kind="data",
        request_side="supplier", answer_hours=(40, 90),
        subjects=("Usage figures", "Dealer feedback"),
        notes=(
            "They asked for our portal usage figures to plan the next releases. We sent them a "
            "few days later.",
            "They asked for the dealer feedback we collect, to shape their proposals. A summary "
            "went out later that week.",
        ),
    ),
    Rhythm(
        every_days=60, channel="call", subjects=("Release check",),
        notes=(
            "Monthly release check: ticket backlog down, next release date agreed.",
            "Went through the open tickets. They asked again about a business review.",
            "Release call. Two fixes went live last week without problems.",
        ),
    ),
)  # fmt: skip

PROFILES: dict[str, tuple[Rhythm, ...]] = {
    "close": _CLOSE,
    "steady": _STEADY,
    "distant": _DISTANT,
    "reserve": _RESERVE,
    "sparse": _SPARSE,
    "pilot": _PILOT,
    "vetting": _VETTING,
    "eager": _EAGER,
}
# --- contact coverage: who meets whom --------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Attendance:
    """Who takes part in all of a supplier's routine interactions: our people by name, and
    one of theirs of `theirs_function`. Only for the coverage stories: linking people to
    every interaction of every supplier would slow the demo load down."""

    ours: tuple[str, ...]
    theirs_function: str


ATTENDANCE: dict[str, Attendance] = {
    # A strategic partner run by two product people: our materials engineer and their
    # quality engineer, and nobody else (a bow-tie).
    "polyform": Attendance(ours=("Lena Hoffmann",), theirs_function="quality"),
}

# Interactions told in full for the coverage and cadence stories, besides those in SIGNALS.
EXTRA_TOUCHES: dict[str, tuple[Touch, ...]] = {
    # The last quarterly review was four months ago: the next one is overdue.
    "rheinfracht": (
        Touch(
            days_ago=120,
            channel="business_review",
            initiated_by="ours",
            subject="Quarterly strategic review",
            notes="Quarterly review with their account team: lane volumes for the next two "
            "quarters, the rail option for the Rotterdam lane, and the rate review. Next "
            "review agreed for the autumn.",
        ),
    ),
    "polyform": (
        Touch(
            days_ago=150,
            channel="meeting",
            initiated_by="ours",
            ours=("Lena Hoffmann",),
            contact_function="quality",
            tags=("minor_dispute",),
            subject="Wall thickness of the housing",
            notes="Lena and Pieter disagreed again on the wall thickness tolerance. They say "
            "our drawing is tighter than the part needs; Lena says it is not. No decision; "
            "both will check their measurements.",
        ),
        Touch(
            days_ago=96,
            channel="call",
            initiated_by="supplier",
            ours=("Lena Hoffmann",),
            contact_function="quality",
            tags=("minor_dispute",),
            subject="Colour specification of the recycled grade",
            notes="Long call about the colour spread of the recycled grade. They want a wider "
            "tolerance; Lena wants the old one. The argument went round in circles.",
        ),
        Touch(
            days_ago=41,
            channel="email",
            initiated_by="ours",
            ours=("Lena Hoffmann",),
            contact_function="quality",
            tags=("minor_dispute", "blame"),
            subject="Sink marks on the March batch",
            notes="Lena sent photos of sink marks; Pieter answered that the marks come from "
            "our mould design. Each side blames the other; nobody above them knows yet.",
        ),
    ),
    # Sterilis is run on every level: executives, managers and the people doing the work
    # each meet their counterparts (a diamond).
    "sterilis": (
        Touch(
            days_ago=200,
            channel="business_review",
            initiated_by="ours",
            ours=("Paul Mercier", "Henrik Aalto"),
            contacts=("Thomas Gerber", "Claire Dufour"),
            subject="Annual executive review",
            notes="Paul and Henrik met Thomas and Claire: the gain-share results of the year, "
            "the capacity plan for the new tray line, and the next two years together.",
        ),
        Touch(
            days_ago=110,
            channel="workshop",
            initiated_by="supplier",
            ours=("Ingrid Nilsson", "Paul Mercier"),
            contacts=("Reto Brunner",),
            tags=("joint_improvement",),
            subject="Development workshop: the next tray generation",
            notes="Reto's team and ours sketched the next tray generation together. Paul "
            "joined for the afternoon to agree the budget split.",
        ),
        Touch(
            days_ago=55,
            channel="business_review",
            initiated_by="ours",
            ours=("Paul Mercier",),
            contacts=("Thomas Gerber",),
            subject="Executive check-in",
            notes="Short executive check-in between Paul and Thomas on the new line's start "
            "and the gain-share review.",
        ),
        Touch(
            days_ago=20,
            channel="meeting",
            initiated_by="ours",
            ours=("Ingrid Nilsson", "Bruno Silva"),
            contacts=("Luca Bernasconi", "Nadia Frei"),
            subject="Operations and quality review",
            notes="Monthly operations and quality review at working level: deliveries, batch "
            "records and two small open actions, both closed.",
        ),
    ),
}


# --- the relationship plan, cadence, practices and health checks --------------------------
# Texts of the plan stories; the loader writes them through the services on the given day.

POLYFORM_PLAN: dict[str, object] = {
    "strengths": [
        "Their recycled grade meets our sustainability targets and nobody else offers it.",
        "Lena and Pieter know the parts in detail and react fast to a quality problem.",
    ],
    "weaknesses": [
        "Everything runs through two engineers; neither side's management is involved.",
        "Specification disputes go round in circles with nobody to decide them.",
    ],
    "opportunities": [
        "A joint specification review could settle the tolerances once and for all.",
        "Their new recycled housings fit two more of our product lines.",
    ],
    "threats": [
        "Blame over sink marks and colour spread is souring the working relationship.",
        "If Lena or Pieter leaves, the relationship leaves with them.",
    ],
    "preferred_channels": ["meeting", "call"],
    "response_urgent_hours": 4, "response_normal_hours": 48, "response_low_hours": 120,
    "languages": ["English", "Dutch"], "time_zones": ["Europe/Brussels"],
    "meeting_etiquette": "Specification questions go to the monthly management review with "
    "both engineers present; no decisions by e-mail.",
}  # fmt: skip
POLYFORM_PLAN_MAP = (
    ("Maria Keller", "Joris de Vries", "management",
     "Monthly review; decides open specification questions"),
    ("Lena Hoffmann", "Pieter Peeters", "operational",
     "Day-to-day quality and technical questions"),
    ("Aisha Rahman", "Bram Maes", "operational", "Orders, forecasts and deliveries"),
)  # fmt: skip
POLYFORM_RECOVERY: dict[str, object] = {
    "trigger": "bow_tie",
    "acknowledgement": "We let the relationship narrow down to two engineers arguing over "
    "tolerances. That is on both of us, not on them; we want to fix it together.",
    "levels": ["ours:management", "supplier:management", "ours:operational",
               "supplier:operational"],
    "cadence": "monthly",
    "facilitator": "",
}  # fmt: skip
POLYFORM_RECOVERY_STEPS = (
    "Joint specification review of the housing with both engineers and both managers",
    "Agree one colour tolerance for the recycled grade and write it into the drawing",
)

# --- performance: two years of deliveries -------------------------------------------------
# Every current supplier that delivers goods gets monthly delivery lines; most are on time
# about this often. The stories differ (see PERFORMANCE_STORIES).
DELIVERY_MONTHS = 24
# The KPIs are defined a year ago: their baselines come from the first year of deliveries.
BASELINE_MONTHS = 12
DELIVERY_LINES_PER_MONTH = 12
USUAL_ON_TIME = 0.96
PERFORMANCE_STORIES: dict[str, float] = {
    # A perfect delivery record while the relationship drifts: performance is not health.
    "nordpack": 1.0,
    # Slipping badly for half a year (see RED_QUARTERS), with Ironbridge Tube in reserve.
    "riviere": USUAL_ON_TIME,
}
RED_QUARTERS = {"riviere": (6, 0.35, 0.08)}  # months back, on-time share, rejected share
# Carpathia delivered late and short before it was parked on the reserve list (8 months
# ago): moving it back to active warns about its poor standing. (months ago, months of
# deliveries, on-time share, rejected share)
RESERVE_HISTORY = {"carpathia": (8.5, 10, 0.45, 0.03)}
# Certificates on file: (supplier, kind, title, days until expiry). Clearseal's runs out
# next month: it is on the expiring list and in the alerts inbox.
CERTIFICATES = (
    ("clearseal", "iso_9001", "ISO 9001 certificate", 30),
    ("sterilis", "iso_9001", "ISO 9001 certificate", 240),
    ("brennwald", "iso_9001", "ISO 9001 certificate", 290),
    ("brennwald", "iso_14001", "ISO 14001 certificate", 410),
)
# Judgement KPIs: colleagues score the collaboration of these partners every month.
RATED_SUPPLIERS = ("brennwald", "sterilis", "polyform")
COLLABORATION_RATERS = ("maria", "bruno", "aisha", "tom")
# The mutual scorecard: these suppliers rate us as a customer every quarter (payment on
# time comes out weakest: a finding for our own side).
RATING_US = ("brennwald", "sterilis", "nordpack")
# Rivière's two poor quarters in review: the first explained away, the second taken on.
RIVIERE_REVIEW: dict[str, str] = {
    "first_ours": "Late deliveries on three coil orders and more rejects on the slit edges. "
    "Rivière says it is a passing capacity problem.",
    "first_theirs": "A slitting line was down for three weeks; the backlog is cleared.",
    "second_ours": "Still late and still rejecting: not a passing problem. Before we move "
    "volume we want to know whether this is capability, communication or incentives.",
    "second_theirs": "Our forecasts from you changed weekly; we planned the line on old "
    "numbers. We would welcome a joint look at planning.",
    "workshop": "Run the root-cause workshop with Rivière's plant manager",
    "their_action": "Share the slitting-line maintenance plan and the reject analysis",
}
RIVIERE_DECISIONS = (
    "Hold a joint root-cause workshop at the Rivière plant before any change of volume",
    "Send Rivière a frozen four-week forecast from now on",
)
# A commodity scorecard grown to 47 measures: the KPI-count guard fires.
OVERGROWN_SCORECARD = "hedmark"
OVERGROWN_KPI_NAMES = (
    "Moisture",
    "Grading",
    "Knots",
    "Length tolerance",
    "Width tolerance",
    "Thickness",
    "Bark",
    "Straightness",
    "Heat treatment stamp",
    "Bundle strapping",
    "Label placement",
    "Paperwork",
    "Invoice accuracy",
    "Certificate on time",
    "Truck cleanliness",
    "Driver punctuality",
    "Tarpaulin",
    "Pallet count",
    "Photo on dispatch",
    "Phone pickup",
)

# Sterilis' meetings: (kind, every how many days, channels that count, our level, theirs).
STERILIS_CADENCE = (
    ("monthly_performance", 35, ("call", "meeting"), "operational", "operational"),
    ("quarterly_strategic", 91, ("business_review",), "executive", "executive"),
    ("annual_health_check", 365, ("meeting", "business_review"), "management", "management"),
)

# Sterilis' annual relationship health check: our answers, then theirs through the portal.
STERILIS_CHECK_OURS: dict[str, object] = {
    "trust": 5, "openness": 4, "reciprocity": 4, "communication": 5, "joint_problem_solving": 4,
    "openness_comment": "They share problems early; we could share our roadmap earlier.",
}  # fmt: skip
STERILIS_CHECK_THEIRS: dict[str, object] = {
    "trust": 4, "openness": 2, "reciprocity": 3, "communication": 4, "joint_problem_solving": 4,
    "openness_comment": "We hear about Hollen's new products late, sometimes from the market.",
    "reciprocity_comment": "We bring most of the ideas; we would like Hollen to bring more.",
}  # fmt: skip


# and former suppliers have none.
BACKGROUND: dict[str, str] = {
    "ostmark": "close", "brennwald": "close", "rheinfracht": "close", "polyform": "close",
    "elektra": "close",
    "riviere": "distant", "baltic_coil": "steady", "hedmark": "steady", "valkonen": "distant",
    "amberlight": "steady", "castellan": "steady", "kartonagen_ruhr": "steady",
    "atlantic": "steady", "clearseal": "steady", "bolzano": "steady", "meridian": "steady",
    "stratus": "steady", "servotec": "steady",
    "brightwave": "distant", "alpenland": "distant", "bueroprofi": "distant",
    "resinova": "distant",
    "ironbridge": "reserve", "carpathia": "reserve", "iberia_cargo": "reserve",
    "lemaire": "sparse",
    "sakuragawa": "pilot", "morava": "pilot", "greenfold": "pilot", "danube_rail": "pilot",
    "datawell": "pilot",
    "nordic_sensorik": "vetting", "medipak_baltic": "vetting", "lattice": "vetting",
    "kodewerk": "eager",
}  # fmt: skip


# --- The sourcing playbook --------------------------------------------------------------
# The packaging project's long list: Greenfold (already piloting with us) and three new
# prospects; two colleagues evaluate three of them, one fails a must-have, two make the
# short list.
BOX_PROSPECTS: tuple[tuple[str, str], ...] = (
    ("Kartonwerk Lausitz", "trade_show"),
    ("Nordic Fibre Box", "referral"),
    ("Boxline Iberia", "search"),
)
# Who we talk to at each prospect (name, job title, e-mail), besides Tom on our side.
BOX_PROSPECT_CONTACTS = {
    "Kartonwerk Lausitz": (
        "Jens Hoffmann",
        "Sales manager",
        "j.hoffmann@kartonwerk-lausitz.example",
    ),
    "Nordic Fibre Box": (
        "Sanna Lehto",
        "Key account manager",
        "sanna.lehto@nordicfibrebox.example",
    ),
    "Boxline Iberia": ("Lucía Ortega", "Export sales", "lucia.ortega@boxline-iberia.example"),
}
BOX_CALLS: tuple[tuple[str, str, str, str], ...] = (
    ("Kartonwerk Lausitz", "discovery", "Jens Hoffmann, Kartonwerk Lausitz",
     "Two corrugators, one idle on nights; open to a volume commitment for a price step."),
    ("Nordic Fibre Box", "discovery", "Sanna Lehto, Nordic Fibre Box",
     "FSC-certified, 90% recycled fibre; asked for our sustainability targets first."),
    ("Nordic Fibre Box", "reference", "Per Dahl, Vestby Foods",
     "Five years as their box supplier; one late week in a strike, told them early."),
)  # fmt: skip
_BOX_MET = {"Certifications": True, "Financial health": True, "Ethics and compliance": True}
BOX_EVALUATIONS: tuple[tuple[str, str, dict[str, int], dict[str, bool]], ...] = (
    ("maria", "Kartonwerk Lausitz",
     {"Technical capability": 4, "Capacity": 5, "Location": 4, "Shared growth plans": 3,
      "Willingness to co-innovate": 3, "Sustainability": 3, "Cultural fit": 4}, _BOX_MET),
    ("tom", "Kartonwerk Lausitz",
     {"Technical capability": 4, "Capacity": 4, "Location": 4, "Shared growth plans": 4,
      "Willingness to co-innovate": 2, "Sustainability": 3, "Cultural fit": 4}, _BOX_MET),
    ("maria", "Nordic Fibre Box",
     {"Technical capability": 4, "Capacity": 3, "Location": 2, "Shared growth plans": 4,
      "Willingness to co-innovate": 5, "Sustainability": 5, "Cultural fit": 4}, _BOX_MET),
    ("tom", "Nordic Fibre Box",
     {"Technical capability": 3, "Capacity": 2, "Location": 2, "Shared growth plans": 3,
      "Willingness to co-innovate": 4, "Sustainability": 5, "Cultural fit": 3}, _BOX_MET),
    ("maria", "Boxline Iberia",
     {"Technical capability": 3, "Capacity": 4, "Location": 3, "Shared growth plans": 2,
      "Willingness to co-innovate": 2, "Sustainability": 2, "Cultural fit": 3},
     {**_BOX_MET, "Certifications": False}),
)  # fmt: skip
BOX_SHORT_LIST = ("Kartonwerk Lausitz", "Nordic Fibre Box")

# Morava Friction has done everything the decision checklist asks but one of its two
# reference calls, so the move to active is refused until it is made.
MORAVA_REFERENCE = (
    "Lucie Novak, Velo Brno",
    "Three years of brake pads for their e-bikes; no field returns, prices held in 2024.",
)
MORAVA_TICKS = {
    "fit": "Site visit on 2026-08-20: two pressing lines, 1.2 million pads a year free; "
    "sample lots passed our friction bench.",
    "financial": "Credit report 2026-09 (index 218, low risk); equity ratio 38% in the "
    "2025 accounts.",
}
MORAVA_ALIGNMENT = {
    "our_goals": 4, "our_values": 4, "our_capabilities": 3,
    "their_goals": 4, "their_values": 3, "their_capabilities": 4,
    "our_goals_note": "A second pad source before the 2027 city-bike range.",
    "their_goals_note": "Wants a steady western customer beside the local OEMs.",
}  # fmt: skip
MORAVA_CONTRACT: dict[str, Any] = {
    "scope": "Brake pads for the city-bike range, drawings BP-110 to BP-140.",
    "deliverables": "Pads to drawing, packed per the packaging standard, with a 3.1 "
    "certificate per lot.",
    "payment_terms": "60 days net from receipt of goods and invoice.",
    "pricing_model": "Fixed unit prices for 12 months; raw-material clause on copper.",
    "service_levels": "95% on time in full; 8 weeks of safety stock held for us.",
    "performance_guarantees": "Defects above 200 ppm are replaced and sorted at their cost.",
    "dispute_resolution": "Escalation path first, then mediation in Vienna.",
    "termination": "Six months' notice by either side; at once for a material breach.",
    "escalation_path": [
        {"level": 1, "who": "Buyers on both sides", "time_box_days": 5},
        {"level": 2, "who": "Category manager and their sales director", "time_box_days": 10},
    ],
}
# The tasks of the 30-60-90 template due in the first month.
FIRST_MONTH_TASKS = (
    "Introduce our stakeholders",
    "Introduce the supplier's stakeholders",
    "Grant access to the supplier portal",
    "Create the vendor record in the ERP",
    "Confirm master data for the vendor record",
)
# Agreements of both templates: office supplies on a transactional agreement that comes
# up for renewal (its notice date is three weeks away), and Sterilis's strategic one with
# joint investment and gain sharing.
AGREEMENTS: dict[str, dict[str, Any]] = {
    "bueroprofi": {
        "template": "transactional", "signed_days_ago": 700, "expires_in_days": 110,
        "renewal_notice_days": 90, "reference": "SA-2024-118",
        "scope": "Office supplies for all German sites from the online catalogue.",
        "deliverables": "Next-day delivery to each site's mail room.",
        "payment_terms": "30 days net; monthly consolidated invoice.",
        "termination": "Three months' notice to the end of a quarter.",
    },
    "sterilis": {
        "template": "strategic", "signed_days_ago": 420, "expires_in_days": 1400,
        "renewal_notice_days": 180, "reference": "SPA-2025-004",
        "scope": "Sterile barrier packaging for every implant line, design to delivery.",
        "deliverables": "Validated pouches and trays per the joint specification.",
        "payment_terms": "45 days net.",
        "pricing_model": "Open-book cost plus an agreed margin, reviewed yearly.",
        "service_levels": "98% on time in full; 48-hour answer on quality issues.",
        "performance_guarantees": "Validation failures are re-run at their cost.",
        "dispute_resolution": "Escalation path, then arbitration in Zurich.",
        "termination": "Twelve months' notice; transfer of tooling at book value.",
        "ip_terms": "Joint designs are owned jointly; each side keeps its own know-how.",
        "joint_investment": "A shared cleanroom line in Tuttlingen, 50/50.",
        "gain_sharing": "Savings from design changes are split 50/50 for two years.",
        "escalation_path": [
            {"level": 1, "who": "Category manager and key account manager", "time_box_days": 5},
            {"level": 2, "who": "Heads of procurement and sales", "time_box_days": 10},
            {"level": 3, "who": "Managing directors", "time_box_days": 15},
        ],
    },
}  # fmt: skip
# Growth with established partners, each fitting its maturity stage.
GROWTH: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("sterilis", "bruno", "co_investment", "Second cleanroom line for the 2027 volumes",
     "in_progress", ""),
    ("brennwald", "bruno", "more_volume", "Take over the rear-hub castings", "won",
     "Moved 40% of the rear-hub volume in October; first lots on time."),
)  # fmt: skip

# --- supplier issues ------------------------------------------------------------------------
# Issues worked through with suppliers, replayed through the conflicts services. Each beat is
# dated in days after the issue was raised (0.125 = three hours later). The stories: a
# cosmetic carton defect sent straight to management (the escalation audit flags it), a
# sterile-barrier nonconformity rightly taken to the top within hours, delivery problems
# settled alone against one settled jointly in half the time, an open 8D request, and an
# invoicing question whose time box has run out. Issues are kept away from the suppliers
# whose relationship-health stories must stay as they are (one issue per supplier, and
# none on the drifting, steady or spent-trust stories except Sterilis's old, resolved one).


@dataclass(frozen=True, kw_only=True)
class IssueMove:
    after_days: float
    to_level: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class IssueStep:
    after_days: float
    step: str  # a key of conflicts.domain.STEPS
    ours: str = ""
    theirs: str = ""  # the supplier's input; any makes the issue "solved jointly"
    held: bool | None = None  # follow-up only


@dataclass(frozen=True, kw_only=True)
class IssueAction:
    after_days: float
    title: str
    due_after_days: int
    owner: str = ""  # username on our side, or ...
    owner_function: str = ""  # ... the supplier's first contact of this function
    done_after_days: float | None = None  # None: still open (then due after the load day)


@dataclass(frozen=True, kw_only=True)
class IssueAnswer:
    """One answered discipline of an 8D corrective action request."""

    after_days: float
    key: str  # a key of conflicts.domain.DISCIPLINES
    text: str
    side: str = "ours"


@dataclass(frozen=True, kw_only=True)
class DemoIssue:
    key: str
    supplier: str
    by: str  # username: who records it (an owner of the supplier, or a manager)
    title: str
    category: str
    severity: str
    description: str
    raised_days_ago: float
    raised_by_side: str = "ours"
    safety_impact: bool = False
    moves: tuple[IssueMove, ...] = ()
    steps: tuple[IssueStep, ...] = ()
    actions: tuple[IssueAction, ...] = ()
    corrective_action_after_days: float | None = None  # an 8D request opened then
    corrective_action_due_days: int = 30  # after it was opened
    answers: tuple[IssueAnswer, ...] = ()
    resolved_after_days: float | None = None  # None: still open
    resolution: str = ""


def _alone(key: str, supplier: str, by: str, days_ago: float, took: float, title: str,
           description: str, define: str, actions: str, action: str,
           resolution: str) -> DemoIssue:  # fmt: skip
    """A delivery problem settled by our side alone: no input from the supplier on any step."""
    return DemoIssue(
        key=key, supplier=supplier, by=by, title=title, category="delivery", severity="minor",
        description=description, raised_days_ago=days_ago,
        steps=(IssueStep(after_days=0, step="define", ours=define),
               IssueStep(after_days=took - 2, step="actions", ours=actions)),
        actions=(IssueAction(after_days=took - 2, title=action, owner=by, due_after_days=int(took),
                             done_after_days=took - 1),),
        resolved_after_days=took, resolution=resolution,
    )  # fmt: skip


ISSUES: tuple[DemoIssue, ...] = (
    DemoIssue(
        key="carton_print", supplier="kartonagen_ruhr", by="tom", raised_by_side="supplier",
        title="Logo printed 2 mm off register on cart shipping cartons",
        category="quality", severity="minor", raised_days_ago=75,
        description="Kartonagen Ruhr called to say that the logo on one run of 4,000 shipping "
        "cartons for the medical carts is printed about 2 mm off register. The cartons are "
        "fully usable: board grade, size and strength are as specified. Appearance only; no "
        "effect on safety or function.",
        moves=(IssueMove(after_days=0.125, to_level=3,
                         reason="Our quality committee reviews every packaging defect at "
                         "management level, so we took it straight to the committee."),),
        steps=(
            IssueStep(after_days=0, step="define",
                      ours="One run of cart shipping cartons, logo about 2 mm off register. "
                      "No effect on strength or fit.",
                      theirs="Our print operator saw the shift at the end of the run and we "
                      "called before shipping."),
            IssueStep(after_days=3, step="data",
                      ours="Checked 20 cartons at our goods-in: same shift on all, nothing else "
                      "out of specification.",
                      theirs="The printing plate was mounted one notch off after a plate "
                      "change."),
            IssueStep(after_days=8, step="options",
                      ours="Use the run as it is, reprint it, or take a credit. The committee "
                      "needed two meetings to compare them."),
            IssueStep(after_days=12, step="actions",
                      ours="Use the cartons as they are; no reprint, no credit.",
                      theirs="Add a register check to the first-off approval after each plate "
                      "change."),
            IssueStep(after_days=14, step="follow_up", held=True,
                      ours="Two weeks of committee time for a carton our buyer and their "
                      "print lead could have settled in one call. Next time a cosmetic "
                      "defect stays at the working level first."),
        ),
        actions=(IssueAction(after_days=12, title="Add a register check to the first-off "
                             "approval after each plate change", owner_function="quality",
                             due_after_days=20, done_after_days=13),),
        resolved_after_days=14,
        resolution="The cartons are used as they are. Kartonagen Ruhr added a register check "
        "after each plate change; the next run was on register.",
    ),
    DemoIssue(
        key="tray_seal", supplier="sterilis", by="bruno", raised_days_ago=130,
        title="Seal strength below the validated minimum on implant tray lids",
        category="quality", severity="critical", safety_impact=True,
        description="Our peel test on lot 24-118 of implant tray lids measured seal strength "
        "below the validated minimum on 3 of 20 samples. A weak seal can break the sterile "
        "barrier. The lot is on hold; two earlier lots from the same sealing line are in our "
        "warehouse.",
        moves=(IssueMove(after_days=0.083, to_level=3,
                         reason="A possible breach of the sterile barrier: shipment stops and a "
                         "recall check need both managing directors today."),),
        steps=(
            IssueStep(after_days=0, step="define",
                      ours="Lot 24-118: 3 of 20 peel tests below the validated minimum. Two "
                      "more lots from sealing line 2 in stock.",
                      theirs="Line 2 sealed every lid in question; line 1 is not affected. "
                      "We stopped line 2 within the hour."),
            IssueStep(after_days=1, step="data",
                      ours="Retests of the two other lots are all within limits.",
                      theirs="The line 2 thermocouple read 6 °C high since a maintenance "
                      "stop on the 12th, so the seal ran cooler than set."),
            IssueStep(after_days=2, step="options",
                      ours="Scrap lot 24-118; release the two retested lots; revalidate line "
                      "2 before it restarts.",
                      theirs="Add a thermocouple check to the restart checklist after every "
                      "maintenance stop."),
            IssueStep(after_days=3, step="actions",
                      ours="Agreed with both managing directors: scrap, release, revalidate "
                      "(owners below).",
                      theirs="We replace lot 24-118 from line 1 within four days."),
            IssueStep(after_days=5, step="follow_up", held=True,
                      ours="Line 2 revalidated; the replacement lot passed our peel test. No "
                      "lid from the lot reached a hospital.",
                      theirs="Restart checklist changed on both lines."),
        ),
        actions=(
            IssueAction(after_days=2, title="Replace and recalibrate the line 2 thermocouple; "
                        "revalidate the line", owner_function="quality", due_after_days=4,
                        done_after_days=4),
            IssueAction(after_days=2, title="Retest and release the two other lots",
                        owner="bruno", due_after_days=3, done_after_days=2),
        ),
        resolved_after_days=5,
        resolution="Settled by both managing directors: lot 24-118 scrapped and replaced at "
        "Sterilis's cost, sealing line 2 revalidated, thermocouple check added to the restart "
        "checklist.",
    ),
    _alone("coil_split", "baltic_coil", "tom", 250, 14,
           "Coil order delivered in three part shipments without notice",
           "The March coil order arrived in three part shipments over nine days instead of one "
           "delivery; the press line rescheduled twice.",
           "One order, three part shipments, no advance notice. Press line rescheduled twice.",
           "Asked for one delivery per order or a notice two days ahead.",
           "Confirm the delivery rule in writing with their sales office",
           "Their sales office confirmed one delivery per order from now on."),
    _alone("bin_refill", "meridian", "bruno", 205, 12,
           "Kanban bins at the Kassel line refilled late twice",
           "The fastener kanban bins at the Kassel assembly line were refilled a day late "
           "twice in one month; the line borrowed bolts from the spare stock.",
           "Two late refills in one month at the Kassel line.",
           "Moved the refill round from Friday to Thursday.",
           "Agree the new refill day with their driver scheduling",
           "Refills moved to Thursdays; no late refill since."),
    _alone("blank_slot", "ostmark", "bruno", 160, 16,
           "Steel blanks arrived after the agreed unloading slot",
           "Two deliveries of frame blanks arrived after their unloading slot in one week, so "
           "the goods-in team unloaded them in overtime.",
           "Two late arrivals in one week, both after the afternoon slot.",
           "Booked a later fixed slot for their trucks.",
           "Book the fixed later unloading slot in the yard system",
           "A later fixed slot was booked; deliveries have arrived inside it since."),
    _alone("label_missing", "atlantic", "tom", 110, 13,
           "Pallets delivered without our part-number labels",
           "Four pallets of folding boxes arrived without our part-number labels; goods-in "
           "had to identify them from the delivery note.",
           "Four pallets without part-number labels.",
           "Sent them our labelling instruction again.",
           "Send the labelling instruction to their dispatch team",
           "Labels are on every pallet again."),
    DemoIssue(
        key="missed_pickups", supplier="rheinfracht", by="tom",
        title="Missed pick-ups at the Kassel plant in peak week",
        category="delivery", severity="minor", raised_days_ago=55,
        description="Two scheduled pick-ups at the Kassel plant were missed in the week "
        "before the trade fair; finished carts waited a day on the dock.",
        steps=(
            IssueStep(after_days=0, step="define",
                      ours="Two missed pick-ups in one week at Kassel; carts waited a day.",
                      theirs="Both days our trailers were booked out; we had no early sight "
                      "of your peak."),
            IssueStep(after_days=1, step="data",
                      ours="Our volumes that week were 40% above the forecast we sent.",
                      theirs="Monday and Tuesday are our tightest days in the region."),
            IssueStep(after_days=2, step="options",
                      ours="Send a rolling weekly forecast; move peak shipments to mid-week.",
                      theirs="Hold two trailers in reserve on Mondays for Hollen."),
            IssueStep(after_days=3, step="actions",
                      ours="Weekly forecast every Thursday (Tom).",
                      theirs="Two reserve trailers on Mondays (their dispatch lead)."),
            IssueStep(after_days=7, step="follow_up", held=True,
                      ours="Every pick-up on time the following week.",
                      theirs="The forecast let us plan the reserve trailers."),
        ),
        actions=(
            IssueAction(after_days=3, title="Send the rolling weekly forecast every Thursday",
                        owner="tom", due_after_days=5, done_after_days=5),
            IssueAction(after_days=3, title="Hold two reserve trailers on Mondays",
                        owner_function="logistics", due_after_days=6, done_after_days=6),
        ),
        resolved_after_days=7,
        resolution="A weekly forecast from us and reserve trailers on Mondays from them; "
        "every pick-up on time since.",
    ),
    DemoIssue(
        key="coating_thin", supplier="bolzano", by="bruno",
        title="Coating too thin on M10 flange bolts",
        category="quality", severity="major", raised_days_ago=12,
        description="Our goods-in measured the zinc-flake coating on lot B-7731 of M10 flange "
        "bolts at 6 to 7 µm against 8 µm on the drawing. The bolts fit and hold; corrosion "
        "protection over the product's life is in question.",
        moves=(IssueMove(after_days=6, to_level=2,
                         reason="Containment works, but the root cause needs a decision on "
                         "their coating line that the working level cannot take."),),
        steps=(
            IssueStep(after_days=0, step="define",
                      ours="Lot B-7731: coating 6-7 µm against 8 µm; 12,000 bolts in stock."),
            IssueStep(after_days=3, step="data",
                      ours="Two earlier lots measured within the drawing.",
                      theirs="The coating bath was topped up on the day lot B-7731 ran."),
        ),
        actions=(IssueAction(after_days=2, title="Send salt-spray results of the next three "
                             "lots", owner_function="quality", due_after_days=25),),
        corrective_action_after_days=1, corrective_action_due_days=30,
        answers=(
            IssueAnswer(after_days=1, key="d1_team",
                        text="Bruno Silva (lead, our side), our goods-in inspector; their "
                        "quality engineer and coating line supervisor."),
            IssueAnswer(after_days=1, key="d2_problem",
                        text="Lot B-7731 (12,000 M10 flange bolts): zinc-flake coating 6-7 µm "
                        "against 8 µm minimum, measured on 10 of 10 samples."),
            IssueAnswer(after_days=2, key="d3_containment", side="supplier",
                        text="Lot B-7731 blocked in both warehouses; every lot measured before "
                        "shipping until the request closes."),
            IssueAnswer(after_days=9, key="d4_root_cause", side="supplier",
                        text="The bath was topped up without a viscosity check, so the coat "
                        "went on thinner. The check is in the instruction but not on the "
                        "shift checklist."),
        ),
    ),
    DemoIssue(
        key="storage_rate", supplier="stratus", by="tom",
        title="Hosting invoices charge the old storage rate",
        category="invoicing", severity="minor", raised_days_ago=26,
        description="Since the renewal the monthly hosting invoices charge storage at the old "
        "rate. Our reading of the renewal is that the lower rate applies from the first "
        "month; theirs is that it applies from the next quarter.",
        moves=(IssueMove(after_days=7, to_level=2,
                         reason="The account team and our buyer read the renewal differently; "
                         "the relationship owners on both sides should settle it."),),
        steps=(
            IssueStep(after_days=0, step="define",
                      ours="Three invoices at the old storage rate since the renewal.",
                      theirs="Our billing applies new rates from the next quarter start."),
            IssueStep(after_days=4, step="data",
                      ours="The renewal names a start date but not when new rates apply."),
        ),
    ),
)  # fmt: skip

# A breach of trust and the way back: Elektra Passives, taking over Kaiyuan's connector
# volume, reworked a faulty lot at its site and shipped it without the agreed deviation
# notice. A recovery plan followed; a joint retrospective marked the end of the ramp-up.
ELEKTRA_BREACH_DAYS_AGO = 110
ELEKTRA_BREACH = (
    "Our goods-in found that connector lot E-2291 had been re-plated at their site and "
    "shipped without the deviation notice the agreement asks for. The parts measured within "
    "specification; the notice was missing."
)
ELEKTRA_RECOVERY_DAYS_AGO = 106
ELEKTRA_RECOVERY: dict[str, object] = {
    "trigger": "trust_breach",
    "acknowledgement": "We moved Kaiyuan's connector volume to them in a few weeks and "
    "pushed hard on the ramp-up dates. Reporting a deviation felt risky to them; we want "
    "problems told early and we will say so in every review.",
    "levels": ["ours:management", "supplier:management", "ours:operational",
               "supplier:operational"],
    "cadence": "fortnightly",
    "facilitator": "",
}  # fmt: skip
ELEKTRA_RECOVERY_STEPS = (
    "Agree a one-page deviation notice and who receives it on each side",
    "Fortnightly quality call with both quality leads until the ramp-up ends",
)
ELEKTRA_RECOVERY_REVIEW_DAYS_AHEAD = 14  # after the load day
ELEKTRA_FIRST_STEP_DONE_DAYS_AGO = 92
ELEKTRA_RETROSPECTIVE_DAYS_AGO = 35
ELEKTRA_RETROSPECTIVE: dict[str, str] = {
    "milestone": "Connector ramp-up complete: the full former Kaiyuan volume delivered",
    "ours_worked": "The fortnightly quality call; their early notice of two deviations.",
    "ours_did_not": "Our ramp-up dates left them no slack in the first weeks.",
    "ours_change": "Plan the next transfer with a buffer week and a named quality contact.",
    "theirs_worked": "The one-page deviation notice: quick to fill in and answered within a day.",
    "theirs_did_not": "Forecast changes reached us by e-mail to several people.",
    "theirs_change": "One forecast file, updated weekly, to one address.",
}
