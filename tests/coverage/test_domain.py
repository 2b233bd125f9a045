"""Coverage classification as a pure function: bow-tie, diamond, partial, no contact, and
what each means for a supplier."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from partnerbook.coverage import domain
from partnerbook.coverage.domain import Meeting, Participant, Person

AS_OF = date(2026, 3, 2)

# our side: 1-3, theirs: 11-13 (executive, management, operational), plus a second
# operational person on each side
PEOPLE = [
    Person(1, "ours", "Olga Exec", "executive", "executive", "olga@us.example"),
    Person(2, "ours", "Mara Manager", "management", "procurement", "mara@us.example"),
    Person(3, "ours", "Ben Buyer", "operational", "procurement", "Ben@Us.example"),
    Person(4, "ours", "Quinn Quality", "operational", "quality", "quinn@us.example"),
    Person(11, "supplier", "Tess Top", "executive", "executive"),
    Person(12, "supplier", "Sam Sales", "management", "sales"),
    Person(13, "supplier", "Otto Ops", "operational", "logistics"),
    Person(14, "supplier", "Lina Lab", "operational", "quality"),
]


def meet(*ids: int, days_ago: int = 10, participants: tuple[Participant, ...] = ()) -> Meeting:
    return Meeting(AS_OF - timedelta(days=days_ago), tuple(ids), participants)


def classify(meetings, people=PEOPLE, **kw):
    return domain.classify(people, meetings, AS_OF, **kw)


def test_nothing_logged_is_no_contact():
    c = classify([])

    assert c.classification == "no contact"
    assert c.meetings == 0 and c.pair is None
    assert c.missing_links == ()
    assert "nothing logged" in c.summary
    assert all(n == 0 for row in c.grid.values() for n in row.values())


def test_interactions_older_than_a_year_do_not_count():
    c = classify([meet(3, 13, days_ago=366), meet(2, 12, days_ago=400)])

    assert c.classification == "no contact"


def test_interactions_naming_nobody_of_theirs_are_left_out_and_said_so():
    c = classify([meet(3), meet()], unlinked=3)

    assert c.classification == "no contact"
    assert c.unnamed == 5
    assert "name nobody on the supplier's side" in c.summary


def test_one_pair_in_nearly_all_meetings_is_a_bow_tie():
    meetings = [meet(3, 13, days_ago=d) for d in range(1, 10)] + [meet(4, 14)]

    c = classify(meetings)

    assert c.classification == "bow-tie"
    assert c.pair is not None
    assert (c.pair.ours, c.pair.theirs) == ("Ben Buyer", "Otto Ops")
    assert (c.pair.ours_meetings, c.pair.theirs_meetings, c.pair.together) == (9, 9, 9)
    assert c.grid["operational"]["operational"] == 10
    assert c.grid["management"]["management"] == 0
    assert "Ben Buyer and Otto Ops" in c.summary and "9 and 9 of 10" in c.summary
    assert "Our management never met their management." in c.missing_links
    assert "No executive on either side met in the last 12 months." in c.missing_links


def test_one_level_on_each_side_is_a_bow_tie_even_with_several_people():
    c = classify([meet(3, 13), meet(4, 14), meet(3, 14), meet(4, 13)])

    assert c.classification == "bow-tie"
    assert "only one level on each side" in c.summary
    assert c.covered_levels == ("operational",)


def test_counterparts_on_two_levels_with_management_is_a_diamond():
    meetings = [meet(3, 13, days_ago=d) for d in range(1, 20)] + [meet(2, 12, days_ago=30)]

    c = classify(meetings)

    assert c.classification == "diamond"
    assert c.covered_levels == ("management", "operational")
    assert c.grid["management"]["management"] == 1
    assert c.grid["operational"]["operational"] == 19
    assert "Diamond" in c.summary and "2 levels" in c.summary
    assert "Our management never met their management." not in c.missing_links
    assert "No executive on either side met in the last 12 months." in c.missing_links
    assert c.functions["ours"] == {"procurement": 20}
    assert c.functions["supplier"] == {"logistics": 19, "sales": 1}


def test_two_operational_levels_without_management_is_not_a_diamond():
    # executives and operational staff of ours meet their operational staff only
    c = classify([meet(1, 13), meet(3, 14), meet(4, 13), meet(3, 13)])

    assert c.classification == "partial"
    assert c.our_levels == ("executive", "operational")
    assert c.their_levels == ("operational",)
    assert "Our executives never met their executives." in c.missing_links


def test_cross_level_meetings_without_counterparts_are_partial():
    c = classify([meet(2, 13), meet(3, 12), meet(4, 14), meet(2, 14)])

    assert c.classification == "partial"
    assert c.covered_levels == ("operational",)
    assert "Partial" in c.summary


def test_participants_map_to_our_contacts_by_email_ignoring_case():
    ben = Participant(100, "Ben B.", "ben@us.EXAMPLE")
    mara = Participant(101, "Mara M.", "MARA@us.example")
    c = classify([meet(13, participants=(ben,)), meet(12, participants=(mara,))])

    assert c.grid["operational"]["operational"] == 1
    assert c.grid["management"]["management"] == 1
    assert c.grid["unknown"]["operational"] == 0
    assert c.classification == "diamond"


def test_a_participant_without_a_contact_counts_as_unknown_level():
    stranger = Participant(200, "Stan Stranger", "stan@us.example")
    c = classify([meet(13, participants=(stranger,)), meet(13), meet(3, 13)])

    assert c.grid["unknown"]["operational"] == 2  # the stranger, and nobody named once
    assert c.grid["operational"]["operational"] == 1
    text = " ".join(c.explanation)
    assert "Stan Stranger" in text and "level unknown" in text
    assert "1 interaction names nobody on our side" in text


def test_missing_links_name_levels_without_contacts():
    people = [p for p in PEOPLE if p.id != 11]  # no executive on their side
    c = classify([meet(1, 12), meet(3, 13)], people=people)

    assert any(
        line.startswith("Our executives never met their executives")
        and "no executive contact recorded on their side" in line
        for line in c.missing_links
    )


def test_explanation_shows_the_counts_behind_it():
    c = classify([meet(3, 13), meet(3, 13), meet(2, 12)])

    text = " ".join(c.explanation)
    assert "3 interactions in the last 12 months" in text
    assert "Ben Buyer (operational) in 2 of 3 (67 %)" in text
    assert c.as_dict()["classification"] == "diamond"


# --- what it means for the supplier ------------------------------------------------------


def _bowtie():
    return classify([meet(3, 13, days_ago=d) for d in range(1, 6)])


def test_a_bow_tie_is_a_concern_for_a_partnership_and_says_to_raise_it():
    m = domain.meaning(_bowtie(), "operational", "partnership", "transactional")

    assert m.concern and m.expects_depth
    assert "management level" in m.message
    assert "chosen engagement model" in m.basis


def test_a_bow_tie_is_a_concern_in_the_strategic_quadrant():
    m = domain.meaning(_bowtie(), "strategic", None, "transactional")

    assert m.concern
    assert "strategic quadrant" in m.basis


def test_a_bow_tie_is_fine_for_a_transactional_supplier():
    m = domain.meaning(_bowtie(), "operational", None, "transactional")

    assert not m.concern
    assert "fine" in m.message and "transactional" in m.basis


def test_the_chosen_model_wins_over_the_recommended_one():
    assert not domain.meaning(_bowtie(), None, "transactional", "partnership").concern
    assert domain.meaning(_bowtie(), None, None, "partnership").concern


def test_a_diamond_is_never_a_concern():
    c = classify([meet(3, 13), meet(2, 12)])
    assert not domain.meaning(c, "strategic", "partnership", "partnership").concern


# --- properties ----------------------------------------------------------------------------

OURS = [p.id for p in PEOPLE if p.side == "ours"]
THEIRS = [p.id for p in PEOPLE if p.side == "supplier"]
meetings_st = st.lists(
    st.tuples(
        st.lists(st.sampled_from(OURS), max_size=2),
        st.lists(st.sampled_from(THEIRS), max_size=2),
        st.integers(0, 400),
    ).map(lambda t: meet(*t[0], *t[1], days_ago=t[2])),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(meetings_st, meetings_st)
def test_more_meetings_never_turn_a_diamond_into_anything_else(base, more):
    before = classify(base)
    after = classify(base + more)
    if before.classification == "diamond":
        assert after.classification == "diamond"
    assert set(before.covered_levels) <= set(after.covered_levels)


@settings(max_examples=150, deadline=None)
@given(meetings_st, st.sampled_from(domain.LEVELS))
def test_counterparts_meeting_on_a_new_level_make_a_diamond_never_a_bow_tie(base, level):
    before = classify(base)
    ours = next(p.id for p in PEOPLE if p.side == "ours" and p.level == level)
    theirs = next(p.id for p in PEOPLE if p.side == "supplier" and p.level == level)
    after = classify(base + [meet(ours, theirs)] * 3)
    if before.classification == "diamond":
        assert after.classification == "diamond"
    if before.covered_levels and level not in before.covered_levels:
        # counterparts already met on one level: a second one makes it a diamond
        assert after.classification == "diamond"


@settings(max_examples=150, deadline=None)
@given(meetings_st)
def test_grid_and_counts_are_consistent(meetings):
    c = classify(meetings)
    assert c.classification in domain.CLASSIFICATIONS
    cells = sum(n for row in c.grid.values() for n in row.values())
    assert cells >= c.meetings  # every counted interaction fills at least one cell
    assert c.meetings + c.unnamed == sum(1 for m in meetings if (AS_OF - m.day).days < 365)
    assert (c.classification == "no contact") == (c.meetings == 0)
    assert c.explanation[0].lower().startswith(c.classification.split()[0][:3])
