"""Organisation number MOD11, display names and the search key."""

import json
from pathlib import Path

import pytest

from helsecert_portal.domain.organisations import display_name, search_key, valid_org_number

DATA = Path(__file__).resolve().parents[2] / "helsecert_portal" / "data" / "organisations_no.json"


def test_every_shipped_org_number_passes_mod11() -> None:
    rows = json.loads(DATA.read_text(encoding="utf-8"))
    assert len(rows) == 408 and all(valid_org_number(r["orgnr"]) for r in rows)


@pytest.mark.parametrize("bad", ["820397631", "958935421", "95893542", "9589354200", "95893542a", "٩٥٨٩٣٥٤٢٠"])
def test_invalid_numbers(bad) -> None:
    assert not valid_org_number(bad)


def test_display_name_and_search_key() -> None:
    assert display_name("TROMSØ KOMMUNE") == "Tromsø kommune"
    assert display_name("HELSE BERGEN HF") == "Helse Bergen HF"
    assert search_key("Tromsø kommune") == search_key("TROMSO KOMMUNE") == "tromso kommune"


# --- operators: organisations, domains, administrators ------------------------------------

from sqlmodel import select  # noqa: E402

from helsecert_portal.domain import organisations as orgs  # noqa: E402
from helsecert_portal.domain.group_search import search_groups  # noqa: E402
from helsecert_portal.models import AuditEvent, EmailDomain, Organisation  # noqa: E402
from tests.domain.test_membership import confirm, group, person  # noqa: E402


def test_operator_creates_an_organisation_with_a_checked_number(tx, clock, db) -> None:
    op = person(tx, clock, operator=True)
    with pytest.raises(orgs.OrgNumberInvalid), tx() as s:
        orgs.create_organisation(s, clock, actor_id=op, name="Ny kommune", org_number="958935421", kind="kommune")
    with tx() as s:
        org = orgs.create_organisation(s, clock, actor_id=op, name="  Ny   kommune ", org_number="958 935 420", kind="kommune")
    assert (org.name, org.org_number, org.search_name) == ("Ny kommune", "958935420", "ny kommune")
    with pytest.raises(orgs.OrgNumberTaken), tx() as s:
        orgs.create_organisation(s, clock, actor_id=op, name="Kopi", org_number="958935420", kind="kommune")
    with tx() as s:  # no number is allowed: never an invented one
        assert orgs.create_organisation(s, clock, actor_id=op, name="Uten nummer", org_number="", kind="annen").org_number is None
    with pytest.raises(orgs.OrgKindInvalid), tx() as s:
        orgs.create_organisation(s, clock, actor_id=op, name="X", org_number="", kind="<script>")
    with pytest.raises(orgs.OrgNameInvalid), tx() as s:
        orgs.create_organisation(s, clock, actor_id=op, name="Navn\x00", org_number="", kind="annen")
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "organisation.created")).all()


@pytest.mark.parametrize("domain", ["gmail.com", "Online.no", "@hotmail.com"])
def test_webmail_domains_can_never_be_registered(tx, clock, domain) -> None:
    op = person(tx, clock, operator=True)
    org = group(tx, clock, "Oslo kommune")
    with pytest.raises(orgs.DomainIsWebmail), tx() as s:
        orgs.add_domain(s, clock, actor_id=op, organisation_id=org, domain=domain)


@pytest.mark.parametrize("domain", ["tromsø.kommune.no", "оslo.kommune.no", "oslo", "-x.no", "a b.no", "x" * 300 + ".no", "<b>.no"])
def test_malformed_or_confusable_domains_are_refused(tx, clock, domain) -> None:
    op = person(tx, clock, operator=True)
    org = group(tx, clock, "Oslo kommune")
    with pytest.raises(orgs.DomainInvalid), tx() as s:
        orgs.add_domain(s, clock, actor_id=op, organisation_id=org, domain=domain)


def test_a_domain_belongs_to_one_organisation_and_links_existing_addresses(tx, clock, db) -> None:
    op = person(tx, clock, operator=True)
    oslo = group(tx, clock, "Oslo kommune")
    bergen = group(tx, clock, "Bergen kommune")
    kari = person(tx, clock, "kari@oslo.kommune.no")
    assert confirm(tx, clock, kari, "kari@oslo.kommune.no") is None
    with tx() as s:
        assert orgs.add_domain(s, clock, actor_id=op, organisation_id=oslo, domain=" OSLO.kommune.no. ") == 1
    with pytest.raises(orgs.DomainTaken), tx() as s:
        orgs.add_domain(s, clock, actor_id=op, organisation_id=bergen, domain="oslo.kommune.no")
    from helsecert_portal.domain import membership as ms

    with tx() as s:
        assert [m.organisation_id for m in ms.memberships_of(s, kari)] == [oslo]
        orgs.remove_domain(s, clock, actor_id=op, organisation_id=oslo, domain="oslo.kommune.no")
    with tx() as s:
        assert ms.memberships_of(s, kari) == []
    assert db.exec(select(EmailDomain)).all() == []


def test_operator_appoints_an_administrator_by_confirmed_address(tx, clock) -> None:
    op = person(tx, clock, operator=True)
    oslo = group(tx, clock, "Oslo kommune")
    kari = person(tx, clock, "kari@oslo.kommune.no", name="Kari")
    with pytest.raises(orgs.PersonNotFound), tx() as s:
        orgs.add_admin_by_email(s, clock, actor_id=op, organisation_id=oslo, address="ukjent@oslo.kommune.no")
    with tx() as s:
        assert orgs.add_admin_by_email(s, clock, actor_id=op, organisation_id=oslo, address="KARI@oslo.kommune.no") == kari
    with tx() as s:
        assert orgs.group_detail(s, oslo).admins == ((kari, "Kari"),)


# --- search ------------------------------------------------------------------------------


@pytest.fixture
def catalogue(tx, clock):
    names = ["Tromsø kommune", "Troms fylkeskommune", "Bergen kommune", "Helse Bergen HF", "Bergen kommune helseetat", "Østre Toten kommune", "Ål kommune", "100% kommune"]
    with tx() as s:
        for i, name in enumerate(names):
            s.add(Organisation(name=name, search_name=search_key(name), org_number=["940101808", "930068128", "964338531", "983974724", None, "971028300", "964964076", None][i], kind="kommune", created_at=clock.now()))
        orgs.catalogue_changed(s)
    return names


@pytest.mark.parametrize(
    ("query", "first", "total"),
    [
        ("tromso", "Tromsø kommune", 1),
        ("TROMSØ", "Tromsø kommune", 1),
        ("troms", "Troms fylkeskommune", 2),
        ("bergen", "Bergen kommune", 3),
        ("helse berg", "Helse Bergen HF", 2),
        ("ostre tot", "Østre Toten kommune", 1),
        ("al kommune", "Ål kommune", 1),
        ("964338531", "Bergen kommune", 1),
        ("964 338", "Bergen kommune", 1),
        ("100%", "100% kommune", 1),
    ],
)
def test_search_is_case_and_diacritics_insensitive_and_ranked(tx, catalogue, query, first, total) -> None:
    with tx() as s:
        result = search_groups(s, query)
    assert result.total == total and result.hits[0].name == first


@pytest.mark.parametrize("query", ["", " ", "a", "12", "%", "_", "' OR 1=1 --", "\x00", "<script>"])
def test_short_or_hostile_queries_find_nothing_and_never_fail(tx, catalogue, query) -> None:
    with tx() as s:
        assert search_groups(s, query).total == 0


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("trmoso", "Tromsø kommune"),  # two letters swapped
        ("Tromsøø komune", "Tromsø kommune"),  # a letter too many, a letter missing
        ("bergn", "Bergen kommune"),
        ("helse bregen", "Helse Bergen HF"),
        ("ostre totne", "Østre Toten kommune"),
        ("trmos fylkesk", "Troms fylkeskommune"),  # a typo in the start of a longer word
    ],
)
def test_a_typo_finds_the_closest_names_and_says_so(tx, catalogue, query, first) -> None:
    with tx() as s:
        result = search_groups(s, query)
    assert result.similar and result.hits[0].name == first


@pytest.mark.parametrize("query", ["tromso", "bergen kommune", "xyzzy", "kommune tromsoe bergen", "964338531", "999"])
def test_exact_matches_and_nonsense_do_not_take_the_typo_path(tx, catalogue, query) -> None:
    with tx() as s:
        assert not search_groups(s, query).similar


def test_a_renamed_or_added_organisation_is_found_by_a_typo_at_once(tx, clock, catalogue) -> None:
    op = person(tx, clock, operator=True)
    with tx() as s:
        assert search_groups(s, "trmoso").hits[0].name == "Tromsø kommune"  # the catalogue is now held in memory
        tromso = s.exec(select(Organisation).where(Organisation.name == "Tromsø kommune")).one().id
    with tx() as s:
        orgs.update_organisation(s, clock, actor_id=op, organisation_id=tromso, name="Tromsø kommune helse og omsorg", org_number="940101808", kind="kommune")
        orgs.create_organisation(s, clock, actor_id=op, name="Karasjok kommune", org_number="", kind="kommune")
    with tx() as s:
        assert search_groups(s, "trmoso omsrog").hits[0].name == "Tromsø kommune helse og omsorg"
        assert search_groups(s, "karsajok").hits[0].name == "Karasjok kommune"
