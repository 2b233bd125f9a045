"""The demo portfolio as plain data: people, categories and suppliers of Hollen Group.

Hollen Group is an invented mid-sized European maker of utility vehicles and medical carts.
Every company, person and domain here is made up; e-mail domains end in `.example`.

Times are given as *months before the day the demo is loaded*, so the story always
looks recent. The loader replays each supplier's events (registration, contacts, status
moves, owner changes, archiving) in time order through the services.

Later features extend this file: add fields with defaults to the dataclasses below, or
new tables keyed by `DemoSupplier.key`. `STORY` says which supplier plays which part.
`SEGMENTATION` is such a table: each supplier's value and risk factors, engagement model,
expectations, maturity moves and alignment assessments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

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
        category="Packaging", country="SE", status="active", since_months=40, owner="aisha",
        domain="nordpack.example", annual_spend=740_000, external_id="ERP-10027",
        tags=("eu", "long-term-contract"), key_account=True, sponsor="Paul Mercier",
        notes="Custom corrugated boxes and inserts for every spare-parts shipment. Until last "
        "year this was our best-run account: answers on the same day and regular ideas for "
        "lighter boxes. Since their key account manager changed in the spring, replies to "
        "quotation requests take a week or more, two monthly calls were cancelled at short "
        "notice and the last improvement ideas came from us. Nothing has failed yet; the "
        "direction is what worries us.",
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
            DemoContact(name="Aisha Rahman", job_title="Buyer", function="procurement",
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
        status="pilot", since_months=4, owner="aisha", domain="datawell.example",
        annual_spend=45_000, external_id="ERP-10139", tags=("eu",),
        notes="Pilot of a spare-parts demand forecast for the aftermarket team.",
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
                 "serious_incidents": 0, "collaboration_willingness": 4},
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
