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


def _as_the_table_answers(s, query: str, limit: int = 20) -> tuple[int, list[str]]:
    """The search as one LIKE query over the table (what it was before the in-memory catalogue): the reference."""
    from sqlalchemy import case, func

    raw = "".join(query.split())
    if raw.isdigit():
        where = [Organisation.org_number.like(raw + "%")]
        rank = case((Organisation.org_number == raw, 0), else_=1)
    else:
        key = search_key(query)
        like = lambda t: t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")  # noqa: E731
        where = [Organisation.search_name.like("%" + like(w) + "%", escape="\\") for w in key.split()]
        e = like(key)
        rank = case(
            (Organisation.search_name == key, 0), (Organisation.search_name.like(e + " %", escape="\\"), 1),
            (Organisation.search_name.like(e + "%", escape="\\"), 2), (Organisation.search_name.like("% " + e + "%", escape="\\"), 3), else_=4,
        )
    total = s.exec(select(func.count()).select_from(Organisation).where(*where)).one()
    names = s.exec(select(Organisation.name).where(*where).order_by(rank, func.length(Organisation.name), Organisation.name).limit(limit)).all()
    return total, list(names)


def test_the_in_memory_search_answers_exactly_as_the_table_does(tx, clock) -> None:
    """Every kind of query people type (starts of names, full names, parts of words, numbers, broad words, two words
    given out of order) over 3,000 realistic names: the same count and the same first 20, in the same order."""
    from bench.search import catalogue, queries

    rows = catalogue(3000)
    with tx() as s:
        for r in rows:
            s.add(Organisation(name=r["name"], search_name=search_key(r["name"]), org_number=r["org_number"], kind=r["kind"], created_at=clock.now()))
        orgs.catalogue_changed(s)
    mix = [*queries(rows, 400), "kommune helse", "sykehjem tromso", "e", "ne ko", "kommune kommune", "9", "70000", "ål ål", "bergen 12"]
    with tx() as s:
        for query in mix:
            result = search_groups(s, query)
            if result.similar or len(search_key(query).replace(" ", "")) < 2 or (query.strip().isdigit() and len(query.strip()) < 3):
                continue
            assert (result.total, [h.name for h in result.hits]) == _as_the_table_answers(s, query), query


def _closest_by_brute_force(names: list[str], query: str, limit: int = 20) -> tuple[int, list[str]]:
    """The typo path worked out name by name: each query word's fewest edits to one of the name's words (0 when it is
    part of one; one edit allowed up to five letters, two from six, also against the start of a longer word; short
    words and numbers only as part of a word); names where every word has one, fewest edits in all first."""
    from rapidfuzz.distance import OSA

    def edits(word: str, own: str) -> int | None:
        if word in own:
            return 0
        if word.isdigit() or len(word) < 3:
            return None
        d = min(OSA.distance(word, own), OSA.distance(word, own[: len(word)]))
        return d if d <= (1 if len(word) <= 5 else 2) else None

    scored = []
    for name in names:
        total = 0
        for word in search_key(query).split()[:6]:
            found = [d for own in search_key(name).split() if (d := edits(word, own)) is not None]
            if not found:
                break
            total += min(found)
        else:
            scored.append((total, len(name), name))
    return len(scored), [name for *_, name in sorted(scored)[:limit]]


def test_the_typo_path_ranks_by_fewest_edits_as_worked_out_name_by_name(tx, clock) -> None:
    """Real names mistyped as people do («Tromsøø komune», «helse bregen») over 3,000 realistic names: the same count
    and the same first 20, in the same order, as a name-by-name reckoning of the edits."""
    from bench.search import catalogue, typo_queries

    rows = catalogue(3000)
    with tx() as s:
        for r in rows:
            s.add(Organisation(name=r["name"], search_name=search_key(r["name"]), org_number=r["org_number"], kind=r["kind"], created_at=clock.now()))
        orgs.catalogue_changed(s)
    names = [r["name"] for r in rows]
    checked = 0
    with tx() as s:
        for query in typo_queries(rows, 120):
            result = search_groups(s, query)
            if result.similar:
                checked += 1
                assert (result.total, [h.name for h in result.hits]) == _closest_by_brute_force(names, query), query
    assert checked > 80
