"""A resource page as an entry: the facts a reader looks for first (a summary box per kind), the order of
its properties (labels, definition, key facts, the rest, notes, provenance), and what points at it.

Everything here is read through a bounded number of batched look-ups on the publication's index
(:mod:`.triple_index`): the page's own description and its referrers (read once per resource), then
at most three more calls whatever the size of the graph — the values of a few properties of the
resources one step away, the resources pointing at some of those, and the labels of every IRI the
box names. A remote SPARQL store can answer each of them with one query.

The facts are kept language-free (IRIs, literals, message keys) and turned into HTML once per
language by :func:`render_facts`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from ...namespaces import RDF_TYPE, SWIO
from . import i18n
from .triple_index import TripleIndex, incoming, values
from .views import Graph

DCT = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
TIME = "http://www.w3.org/2006/time#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ORDINAL = SWIO + "ordinal"
LIMIT = 50  # items a summary row lists (the statements below list them all)

#: predicates that name a resource: shown once, as one row
NAME_PREDICATES = (RDFS + "label", SKOS + "prefLabel", FOAF + "name", SKOS + "altLabel")
DEFINITION_PREDICATES = (SKOS + "definition", DCT + "description", DCT + "title")
NOTE_PREDICATES = (RDFS + "comment", SWIO + "editorialNote", SKOS + "note", SKOS + "scopeNote")
PROVENANCE_PREDICATES = (DCT + "source", SWIO + "sourceText")


# -- kinds ---------------------------------------------------------------------------------------
ORGANISATIONS = tuple(
    SWIO + name
    for name in (
        "SocialWorkAssociation",
        "ServiceAgency",
        "GovernmentBody",
        "PartyBody",
        "PoliticalConsultativeBody",
        "PublicBody",
        "PublicFinance",
        "InternalDepartment",
        "GoverningCouncil",
        "Secretariat",
        "PreparatoryGroup",
        "AssociationNetwork",
        "OrganisationGroup",
        "MediaOutlet",
    )
) + (ORG + "FormalOrganization", ORG + "Organization", FOAF + "Organization")
ACTIVITIES = tuple(SWIO + n for n in ("ServicePurchase", "Commission", "Support", "FundingAppropriation"))
QUANTITIES = tuple(SWIO + n for n in ("Count", "Measure", "MonetaryAmount", "Share", "Quantity"))
EVENTS = tuple(SWIO + n for n in ("FoundingEvent", "CoverageMilestone", "Conference", "AwardConferral", "Event"))

#: kind -> the forward predicates that are its key facts, in the order a page lists them
KEY_FACTS: dict[str, tuple[str, ...]] = {
    "organisation": (
        SWIO + "associationKind",
        SWIO + "administrativeLevel",
        SWIO + "basedIn",
        SWIO + "jurisdiction",
        ORG + "subOrganizationOf",
        SWIO + "termOf",
        SWIO + "termNumber",
        SWIO + "preparesFor",
        SWIO + "fiscalLevel",
        SWIO + "memberCount",
        SWIO + "memberKind",
        SWIO + "knownMember",
        SWIO + "editorialMember",
        ORG + "hasMember",
        SWIO + "milestone",
        SWIO + "buildDuration",
        SWIO + "deAdministrationStance",
        SWIO + "privatelyRun",
        SWIO + "hasBusinessSupervisoryUnit",
        SWIO + "operatesIndependently",
        SWIO + "establishedDuring",
    ),
    "person": (),
    "model": (
        SWIO + "exemplifiedBy",
        SWIO + "hasFeature",
        SWIO + "hasMechanism",
        SWIO + "hasStage",
        SWIO + "governmentRole",
        SWIO + "deAdministrationStance",
    ),
    "activity": (
        SWIO + "buyer",
        SWIO + "commissioner",
        SWIO + "supporter",
        SWIO + "payer",
        SWIO + "fundedBy",
        SWIO + "implementer",
        SWIO + "commissionedAgent",
        SWIO + "recipient",
        SWIO + "serviceType",
        SWIO + "supportKind",
        SWIO + "means",
        SWIO + "year",
        DCT + "date",
        SWIO + "amount",
        SWIO + "extent",
        SWIO + "free",
        SWIO + "coversArea",
        SWIO + "beneficiaryGroup",
        SWIO + "purpose",
    ),
    "quantity": (
        SWIO + "value",
        SWIO + "bound",
        SWIO + "unit",
        SWIO + "currency",
        SWIO + "countOf",
        SWIO + "shareOf",
        SWIO + "about",
        SWIO + "asOf",
        SWIO + "share",
        DCT + "hasPart",
    ),
    "event": (
        DCT + "date",
        SWIO + "dateBound",
        SWIO + "dateDerivedFrom",
        ORG + "resultingOrganization",
        SWIO + "award",
        SWIO + "recipient",
        SWIO + "atEvent",
        SWIO + "coversArea",
        SWIO + "coveredLevel",
        SWIO + "coveredUnits",
        DCT + "spatial",
        "http://www.w3.org/ns/prov#wasAssociatedWith",
        "http://www.w3.org/ns/prov#qualifiedAssociation",
    ),
    "post": (
        ORG + "postIn",
        ORG + "role",
        ORG + "heldBy",
        SWIO + "heldByHolderOf",
        SWIO + "holderCount",
        SWIO + "holdersDrawnFrom",
        SWIO + "appointmentNote",
    ),
    "membership": (ORG + "member", ORG + "organization", ORG + "role"),
    "quotation": (
        SWIO + "speaker",
        SWIO + "speakerDescription",
        SWIO + "speakerPost",
        SWIO + "quotedText",
        SWIO + "translation",
        SWIO + "discourseMode",
        SWIO + "about",
        SWIO + "atEvent",
    ),
    "stage": (SWIO + "ordinal", TIME + "hasTime", SWIO + "mainTask", SWIO + "specificWork"),
    "place": (
        SWIO + "divisionType",
        SWIO + "administrativeLevel",
        SWIO + "withinDivision",
        SWIO + "divisionCode",
        SWIO + "memberCount",
        SWIO + "memberKind",
        SWIO + "editorialMember",
    ),
    "feature": (SWIO + "ordinal", SWIO + "modality"),
    "source": (
        DCT + "isPartOf",
        SWIO + "ordinal",
        SWIO + "presentsModel",
        DCT + "spatial",
        DCT + "publisher",
        DCT + "issued",
        DCT + "language",
    ),
}

KIND_OF_CLASS: dict[str, str] = {
    **{c: "organisation" for c in ORGANISATIONS},
    FOAF + "Person": "person",
    SWIO + "OrganisationalModel": "model",
    **{c: "activity" for c in ACTIVITIES},
    **{c: "quantity" for c in QUANTITIES},
    **{c: "event" for c in EVENTS},
    ORG + "Post": "post",
    ORG + "Membership": "membership",
    SWIO + "Quotation": "quotation",
    SWIO + "DevelopmentStage": "stage",
    SWIO + "AdministrativeDivision": "place",
    SWIO + "PlaceGroup": "place",
    SWIO + "ModelFeature": "feature",
    SWIO + "Mechanism": "feature",
    SWIO + "Combination": "feature",
    SWIO + "Task": "feature",
    SWIO + "Case": "source",
    DCT + "BibliographicResource": "source",
}


def kind_of(types: list[str]) -> str | None:
    """The kind of page a resource gets, from its rdf:types (the first type that has one, in sorted order)."""
    for t in sorted(types):
        if t in KIND_OF_CLASS:
            return KIND_OF_CLASS[t]
    return None


# -- facts (language-free) -----------------------------------------------------------------------
@dataclass(frozen=True)
class Ref:
    """A link to an IRI, shown by its label."""

    iri: str


@dataclass(frozen=True)
class Lit:
    """A literal, shown formatted for the page's language (dates, numbers, booleans)."""

    term: ox.Literal


@dataclass(frozen=True)
class Say:
    """A message of the site (``i18n``), with values."""

    key: str
    values: tuple[tuple[str, object], ...] = ()  # (name, value) pairs for the message's placeholders


@dataclass(frozen=True)
class Amount:
    """A quantity node shown as its value with its bound and unit: ``6000余万元 (at least 60,000,000 CNY)``."""

    iri: str
    value: ox.Literal | None
    bound: str | None
    unit: str | None
    currency: str | None
    percent: bool = False  # a share (swio:Share): the value is a percentage


@dataclass
class Fact:
    key: str  # i18n key of the row's label
    items: list[list] = field(default_factory=list)  # each item a list of parts (Ref, Lit, Say, Amount, str)


class Neighbourhood:
    """What a resource's summary needs beyond its own description, read in a few batched look-ups."""

    def __init__(self, index: TripleIndex, iri: str, graph: Graph, found: list):
        self.index = index
        self.iri = iri
        self.graph = graph
        self.subject = ox.NamedNode(iri)
        self.referrers: dict[str, list[str]] = {}
        for subject, predicate, via in found:
            if not via:
                self.referrers.setdefault(predicate, []).append(subject)
        self.facts: dict[str, dict[str, list]] = {}
        self.pointing: dict[str, dict[str, list[str]]] = {}
        self.lookups = 0

    # own statements and referrers
    def out(self, predicate: str) -> list:
        return self.graph.objects(self.subject, predicate)

    def out_iris(self, predicate: str) -> list[str]:
        return [o.value for o in self.out(predicate) if isinstance(o, ox.NamedNode)]

    def into(self, predicate: str) -> list[str]:
        return self.referrers.get(predicate, [])

    # one step further (batched)
    def load(self, iris, predicates) -> None:
        iris = [i for i in dict.fromkeys(iris) if i not in self.facts]
        if iris:
            self.lookups += 1
            found = values(self.index, iris, predicates)
            for iri in iris:
                self.facts.setdefault(iri, {}).update(found.get(iri, {}))

    def load_pointing(self, iris, predicates, limit: int = LIMIT) -> None:
        iris = list(dict.fromkeys(iris))
        if iris:
            self.lookups += 1
            found = incoming(self.index, iris, predicates, limit)
            for iri in iris:
                self.pointing.setdefault(iri, {}).update(found.get(iri, {}))

    def of(self, iri: str, predicate: str) -> list:
        return self.facts.get(iri, {}).get(predicate, [])

    def of_iris(self, iri: str, predicate: str) -> list[str]:
        return [o.value for o in self.of(iri, predicate) if isinstance(o, ox.NamedNode)]

    def first(self, iri: str, predicate: str):
        found = self.of(iri, predicate)
        return found[0] if found else None

    def ordinal(self, iri: str) -> float:
        term = self.first(iri, ORDINAL)
        try:
            return float(term.value) if term is not None else float("inf")
        except ValueError:
            return float("inf")

    def iris(self, facts: list[Fact]) -> set[str]:
        """Every IRI the facts name (for one batched label look-up)."""
        out = set()
        for fact in facts:
            for item in fact.items:
                for part in item:
                    if isinstance(part, Ref):
                        out.add(part.iri)
                    elif isinstance(part, Amount):
                        out.update(x for x in (part.iri, part.bound, part.unit) if x)
        return out


QUANTITY_FACTS = (SWIO + "value", SWIO + "bound", SWIO + "unit", SWIO + "currency", RDF_TYPE)
#: the usual order of an association's offices (the vocabulary has no order of its own)
ROLE_RANK = tuple(
    "https://w3id.org/swio/id/role/" + slug
    for slug in ("huizhang", "zhixing-huizhang", "fu-huizhang", "mishuzhang", "lishizhang", "zuzhang")
)
#: within one property, values of these types come in this order, each in its own ordinal order
TYPE_RANK = (SWIO + "ModelFeature", SWIO + "Combination", SWIO + "Mechanism", SWIO + "DevelopmentStage", SWIO + "Task")


def amount(n: Neighbourhood, iri: str) -> Amount:
    bound = n.of_iris(iri, SWIO + "bound")
    unit = n.of_iris(iri, SWIO + "unit")
    currency = n.first(iri, SWIO + "currency")
    return Amount(
        iri,
        n.first(iri, SWIO + "value"),
        bound[0] if bound else None,
        unit[0] if unit else None,
        currency.value if isinstance(currency, ox.Literal) else None,
        SWIO + "Share" in n.of_iris(iri, RDF_TYPE),
    )


def _refs(iris: list[str]) -> list[list]:
    return [[Ref(i)] for i in iris[:LIMIT]]


def _row(facts: list[Fact], key: str, items: list[list]) -> None:
    if items:
        facts.append(Fact(key, items))


def _dated(n: Neighbourhood, event: str) -> list:
    """``[date] (about, year inferred) — [event]`` for an event one step away."""
    parts: list = []
    date = n.first(event, DCT + "date")
    if isinstance(date, ox.Literal):
        if n.of_iris(event, SWIO + "dateBound"):
            parts.append(Say("entry_approximately"))
        parts.append(Lit(date))
        inferred = n.first(event, SWIO + "yearInferred")
        if isinstance(inferred, ox.Literal) and inferred.value == "true":
            parts.append(Say("entry_year_inferred"))
        parts.append(" · ")
    parts.append(Ref(event))
    return parts


def organisation(n: Neighbourhood) -> list[Fact]:
    events = n.into(ORG + "resultingOrganization")
    posts = n.into(ORG + "postIn")
    quantities = n.into(SWIO + "about")
    memberships = n.into(ORG + "organization")
    n.load(
        events + posts + quantities + memberships,
        (
            DCT + "date",
            SWIO + "dateBound",
            SWIO + "yearInferred",
            ORG + "role",
            ORG + "heldBy",
            ORG + "member",
            SWIO + "holderCount",
            SWIO + "holdersDrawnFrom",
            SWIO + "heldByHolderOf",
            SWIO + "countOf",
            SWIO + "shareOf",
            SWIO + "share",
            ORDINAL,
            *QUANTITY_FACTS,
        ),
    )
    holders = [h for p in posts for h in n.of_iris(p, ORG + "heldBy")]

    def role_rank(post: str):
        roles = n.of_iris(post, ORG + "role")
        rank = ROLE_RANK.index(roles[0]) if roles and roles[0] in ROLE_RANK else len(ROLE_RANK)
        return (not n.of_iris(post, ORG + "heldBy"), rank, post)

    n.load_pointing(holders, (ORG + "heldBy",))
    facts: list[Fact] = []
    _row(facts, "entry_founded", [_dated(n, e) for e in events])
    _row(facts, "entry_based_in", _refs(n.out_iris(SWIO + "basedIn") or n.out_iris(SWIO + "jurisdiction")))
    _row(facts, "entry_level", _refs(n.out_iris(SWIO + "administrativeLevel") or n.out_iris(SWIO + "fiscalLevel")))
    _row(facts, "entry_kind", _refs(n.out_iris(SWIO + "associationKind")))
    _row(facts, "entry_part_of", _refs(n.out_iris(ORG + "subOrganizationOf")))
    leaders = []
    for post in sorted(posts, key=role_rank)[:LIMIT]:
        roles = n.of_iris(post, ORG + "role")
        item: list = [Ref(roles[0]) if roles else Ref(post), Say("entry_colon")]
        held = n.of_iris(post, ORG + "heldBy")
        if held:
            for k, person in enumerate(held):
                if k:
                    item.append(Say("entry_sep"))
                item.append(Ref(person))
                others = [p for p in n.pointing.get(person, {}).get(ORG + "heldBy", []) if p != post]
                if others:
                    item.append(Say("entry_open"))
                    for j, other in enumerate(others):
                        if j:
                            item.append(Say("entry_sep"))
                        item.append(Ref(other))
                    item.append(Say("entry_close"))
        else:
            count = n.first(post, SWIO + "holderCount")
            drawn = n.of_iris(post, SWIO + "holdersDrawnFrom")
            via = n.of_iris(post, SWIO + "heldByHolderOf")
            if count is not None:
                item.append(Say("entry_holders", (("n", count.value),)))
            if drawn:
                item += [Say("entry_open"), Ref(drawn[0]), Say("entry_close")]
            if via:
                item += [Say("entry_held_by_holder_of"), Ref(via[0])]
            if count is None and not drawn and not via:
                item.append(Say("entry_not_named"))
        leaders.append(item)
    _row(facts, "entry_leaders", leaders)
    counts = []
    figures = [q for q in quantities if any(t in QUANTITIES for t in n.of_iris(q, RDF_TYPE))]
    shares = {s for q in figures for s in n.of_iris(q, SWIO + "share")}
    for q in [q for q in figures if q not in shares]:
        for part in [q] + [s for s in n.of_iris(q, SWIO + "share") if s in figures]:
            what = n.of_iris(part, SWIO + "countOf") or n.of_iris(part, SWIO + "shareOf") or [part]
            lead = [Say("entry_of_which")] if part != q else []
            counts.append(lead + [Ref(what[0]), Say("entry_colon"), amount(n, part)])
    _row(facts, "entry_figures", counts[:LIMIT])
    units = []
    for m in memberships[:LIMIT]:
        member, role = n.of_iris(m, ORG + "member"), n.of_iris(m, ORG + "role")
        if member:
            units.append([Ref(member[0])] + ([Say("entry_open"), Ref(role[0]), Say("entry_close")] if role else []))
    _row(facts, "entry_member_units", units)
    _row(facts, "entry_members", _refs(n.out_iris(ORG + "hasMember") + n.out_iris(SWIO + "knownMember")))
    _row(facts, "entry_suborganisations", _refs(n.into(ORG + "subOrganizationOf")))
    _row(facts, "entry_models", _refs(n.into(SWIO + "exemplifiedBy")))
    _row(facts, "entry_network", _refs(n.into(ORG + "hasMember")))
    _row(facts, "entry_stance", _refs(n.out_iris(SWIO + "deAdministrationStance")))
    return facts


def membership(n: Neighbourhood) -> list[Fact]:
    facts: list[Fact] = []
    _row(facts, "entry_member", _refs(n.out_iris(ORG + "member")))
    _row(facts, "entry_organisation", _refs(n.out_iris(ORG + "organization")))
    _row(facts, "entry_role", _refs(n.out_iris(ORG + "role")))
    return facts


def person(n: Neighbourhood) -> list[Fact]:
    posts = n.into(ORG + "heldBy")
    facts: list[Fact] = []
    _row(facts, "entry_posts", _refs(posts))
    _row(facts, "entry_quotations", _refs(n.into(SWIO + "speaker")))
    return facts


def _ordered(n: Neighbourhood, iris: list[str]) -> list[str]:
    return sorted(iris, key=lambda i: (n.ordinal(i), i))


def model(n: Neighbourhood) -> list[Fact]:
    parts = n.out_iris(SWIO + "hasFeature") + n.out_iris(SWIO + "hasMechanism") + n.out_iris(SWIO + "hasStage")
    cases = n.into(SWIO + "presentsModel")
    n.load(parts + cases, (ORDINAL, RDF_TYPE))
    features = [f for f in n.out_iris(SWIO + "hasFeature") if SWIO + "Combination" not in n.of_iris(f, RDF_TYPE)]
    combinations = [f for f in n.out_iris(SWIO + "hasFeature") if f not in features]
    facts: list[Fact] = []
    _row(facts, "entry_case", _refs(_ordered(n, cases)))
    _row(facts, "entry_association", _refs(n.out_iris(SWIO + "exemplifiedBy")))
    _row(facts, "entry_features", _numbered(n, features))
    _row(facts, "entry_combinations", _numbered(n, combinations))
    _row(facts, "entry_mechanisms", _numbered(n, n.out_iris(SWIO + "hasMechanism")))
    _row(facts, "entry_stages", _numbered(n, n.out_iris(SWIO + "hasStage")))
    _row(facts, "entry_government_role", _refs(n.out_iris(SWIO + "governmentRole")))
    _row(facts, "entry_stance", _refs(n.out_iris(SWIO + "deAdministrationStance")))
    return facts


def _numbered(n: Neighbourhood, iris: list[str]) -> list[list]:
    items = []
    for iri in _ordered(n, iris)[:LIMIT]:
        number = n.first(iri, ORDINAL)
        items.append(([f"{number.value}. "] if number is not None else []) + [Ref(iri)])
    return items


def activity(n: Neighbourhood) -> list[Fact]:
    quantities = n.out_iris(SWIO + "amount") + n.out_iris(SWIO + "extent")
    n.load(quantities, QUANTITY_FACTS)
    facts: list[Fact] = []
    _row(facts, "entry_buyer", _refs(n.out_iris(SWIO + "buyer")))
    _row(facts, "entry_commissioner", _refs(n.out_iris(SWIO + "commissioner")))
    _row(facts, "entry_supporter", _refs(n.out_iris(SWIO + "supporter")))
    _row(facts, "entry_payer", _refs(n.out_iris(SWIO + "payer")))
    _row(facts, "entry_funded_by", _refs(n.out_iris(SWIO + "fundedBy")))
    _row(facts, "entry_implementer", _refs(n.out_iris(SWIO + "implementer")))
    _row(facts, "entry_agent", _refs(n.out_iris(SWIO + "commissionedAgent")))
    _row(facts, "entry_recipient", _refs(n.out_iris(SWIO + "recipient")))
    _row(facts, "entry_service", _refs(n.out_iris(SWIO + "serviceType") + n.out_iris(SWIO + "supportKind")))
    _row(
        facts, "entry_when", [[Lit(t)] for t in n.out(SWIO + "year") + n.out(DCT + "date") if isinstance(t, ox.Literal)]
    )
    _row(facts, "entry_amount", [[amount(n, q)] for q in n.out_iris(SWIO + "amount")])
    _row(facts, "entry_extent", [[amount(n, q)] for q in n.out_iris(SWIO + "extent")])
    _row(facts, "entry_coverage", _refs(n.out_iris(SWIO + "coversArea")))
    _row(facts, "entry_beneficiaries", _refs(n.out_iris(SWIO + "beneficiaryGroup")))
    _row(facts, "entry_purpose", _texts(n, SWIO + "purpose"))
    return facts


def _texts(n: Neighbourhood, predicate: str) -> list[list]:
    return [[Lit(t)] for t in n.out(predicate) if isinstance(t, ox.Literal)]


def quantity(n: Neighbourhood) -> list[Fact]:
    n.facts[n.iri] = {p: n.out(p) for p in QUANTITY_FACTS}
    facts: list[Fact] = []
    _row(facts, "entry_value", [[amount(n, n.iri)]])
    _row(facts, "entry_counts", _refs(n.out_iris(SWIO + "countOf") + n.out_iris(SWIO + "shareOf")))
    _row(facts, "entry_about", _refs(n.out_iris(SWIO + "about")))
    _row(facts, "entry_as_of", [[Lit(t)] for t in n.out(SWIO + "asOf") if isinstance(t, ox.Literal)])
    return facts


def event(n: Neighbourhood) -> list[Fact]:
    n.facts[n.iri] = {p: n.out(p) for p in (DCT + "date", SWIO + "dateBound", SWIO + "yearInferred")}
    facts: list[Fact] = []
    if n.out(DCT + "date"):
        _row(facts, "entry_date", [_dated(n, n.iri)[:-2]])
    _row(facts, "entry_organisation", _refs(n.out_iris(ORG + "resultingOrganization")))
    _row(facts, "entry_recipient", _refs(n.out_iris(SWIO + "recipient")))
    _row(facts, "entry_award", _refs(n.out_iris(SWIO + "award")))
    _row(facts, "entry_at_event", _refs(n.out_iris(SWIO + "atEvent")))
    _row(facts, "entry_coverage", _refs(n.out_iris(SWIO + "coversArea") + n.out_iris(SWIO + "coveredUnits")))
    _row(facts, "entry_where", _refs(n.out_iris(DCT + "spatial")))
    return facts


def post(n: Neighbourhood) -> list[Fact]:
    facts: list[Fact] = []
    _row(facts, "entry_organisation", _refs(n.out_iris(ORG + "postIn")))
    _row(facts, "entry_role", _refs(n.out_iris(ORG + "role")))
    holders = _refs(n.out_iris(ORG + "heldBy"))
    if not holders:
        count = n.out(SWIO + "holderCount")
        holders = [[Say("entry_holders", (("n", count[0].value),))]] if count else []
    _row(facts, "entry_holder", holders)
    return facts


def quotation(n: Neighbourhood) -> list[Fact]:
    facts: list[Fact] = []
    speakers = _refs(n.out_iris(SWIO + "speaker")) or _texts(n, SWIO + "speakerDescription")
    _row(facts, "entry_speaker", speakers)
    _row(facts, "entry_speaker_post", _refs(n.out_iris(SWIO + "speakerPost")))
    _row(facts, "entry_about", _refs(n.out_iris(SWIO + "about")))
    _row(facts, "entry_mode", _refs(n.out_iris(SWIO + "discourseMode")))
    return facts


def stage(n: Neighbourhood) -> list[Fact]:
    periods = n.out_iris(TIME + "hasTime")
    tasks = n.out_iris(SWIO + "mainTask") + n.out_iris(SWIO + "specificWork")
    n.load(periods + tasks, (TIME + "hasBeginning", TIME + "hasEnd", ORDINAL))
    facts: list[Fact] = []
    _row(facts, "entry_period", _refs(periods))
    _row(facts, "entry_main_tasks", _numbered(n, n.out_iris(SWIO + "mainTask")))
    _row(facts, "entry_specific_work", _numbered(n, n.out_iris(SWIO + "specificWork")))
    _row(facts, "entry_models", _refs(n.into(SWIO + "hasStage")))
    return facts


def place(n: Neighbourhood) -> list[Fact]:
    facts: list[Fact] = []
    _row(facts, "entry_division_type", _refs(n.out_iris(SWIO + "divisionType")))
    _row(facts, "entry_level", _refs(n.out_iris(SWIO + "administrativeLevel")))
    _row(facts, "entry_within", _refs(n.out_iris(SWIO + "withinDivision")))
    _row(facts, "entry_code", _texts(n, SWIO + "divisionCode"))
    _row(facts, "entry_divisions", _refs(n.into(SWIO + "withinDivision")))
    _row(facts, "entry_organisations_here", _refs(n.into(SWIO + "basedIn") + n.into(SWIO + "jurisdiction")))
    return facts


def feature(n: Neighbourhood) -> list[Fact]:
    facts: list[Fact] = []
    owners = (
        n.into(SWIO + "hasFeature")
        + n.into(SWIO + "hasMechanism")
        + n.into(SWIO + "mainTask")
        + n.into(SWIO + "specificWork")
    )
    _row(facts, "entry_part_of", _refs(owners))
    _row(facts, "entry_ordinal", [[Lit(t)] for t in n.out(ORDINAL) if isinstance(t, ox.Literal)])
    _row(facts, "entry_modality", _refs(n.out_iris(SWIO + "modality")))
    return facts


def source(n: Neighbourhood) -> list[Fact]:
    facts: list[Fact] = []
    _row(facts, "entry_part_of", _refs(n.out_iris(DCT + "isPartOf")))
    _row(facts, "entry_models", _refs(n.out_iris(SWIO + "presentsModel")))
    _row(facts, "entry_where", _refs(n.out_iris(DCT + "spatial")))
    _row(facts, "entry_publisher", _refs(n.out_iris(DCT + "publisher")))
    _row(facts, "entry_issued", [[Lit(t)] for t in n.out(DCT + "issued") if isinstance(t, ox.Literal)])
    return facts


SUMMARIES = {
    "organisation": organisation,
    "person": person,
    "model": model,
    "activity": activity,
    "quantity": quantity,
    "event": event,
    "post": post,
    "membership": membership,
    "quotation": quotation,
    "stage": stage,
    "place": place,
    "feature": feature,
    "source": source,
}


@dataclass
class Entry:
    """The language-free part of a resource page: its kind, summary facts and the order of its properties."""

    kind: str | None
    facts: list[Fact]
    order: dict[str, int]  # predicate -> rank in the statements list
    ordinals: dict[str, tuple]  # IRI object -> (type rank, swio:ordinal): a row's values in the article's order
    lookups: int  # batched look-ups made beyond the description (bounded; the tests check it)


def entry(index: TripleIndex, naming, iri: str, graph: Graph, found: list) -> Entry:
    """Read the entry of ``iri`` (its description is ``graph``, its referrers ``found``)."""
    subject = ox.NamedNode(iri)
    types = [o.value for o in graph.objects(subject, RDF_TYPE) if isinstance(o, ox.NamedNode)]
    kind = kind_of(types)
    n = Neighbourhood(index, iri, graph, found)
    facts = SUMMARIES[kind](n) if kind else []
    # the article's order for the values of the page's own statements (features, tasks, stages ...)
    objects = [o.value for _, o in graph.pairs(subject) if isinstance(o, ox.NamedNode)]
    unknown = [o for o in objects if o not in n.facts or RDF_TYPE not in n.facts[o]]
    if unknown:
        n.load(unknown, (ORDINAL, RDF_TYPE))
    ordinals = {}
    for o in objects:
        if n.ordinal(o) != float("inf"):
            ranks = [TYPE_RANK.index(t) for t in n.of_iris(o, RDF_TYPE) if t in TYPE_RANK]
            ordinals[o] = (min(ranks) if ranks else len(TYPE_RANK), n.ordinal(o))
    naming.prefetch(
        n.iris(facts)
        | set(objects)
        | {s for s, _, _ in found}
        | {p for _, p, _ in found}
        | {p.value for p, _ in graph.pairs(subject)}
    )
    n.lookups += 1
    return Entry(kind, facts, property_order(kind), ordinals, n.lookups)


def property_order(kind: str | None) -> dict[str, int]:
    """Predicate -> rank: names, definitions, the kind's key facts, (the rest), notes, provenance."""
    order: list[str] = [RDF_TYPE, *NAME_PREDICATES, *DEFINITION_PREDICATES, *KEY_FACTS.get(kind or "", ())]
    ranks = {p: i for i, p in enumerate(dict.fromkeys(order))}
    tail = 10_000
    for i, p in enumerate((*NOTE_PREDICATES, *PROVENANCE_PREDICATES)):
        ranks.setdefault(p, tail + i)
    return ranks


# -- formatting ---------------------------------------------------------------------------------
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_literal(term: ox.Literal, lang: str) -> str:
    """A literal as a reader writes it: dates at their precision, numbers grouped, booleans as words."""
    datatype = term.datatype.value if term.datatype else ""
    text = term.value
    try:
        if datatype == XSD + "date":
            d = dt.date.fromisoformat(text[:10])
            return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"
        if datatype == XSD + "gYearMonth":
            year, month = int(text[:-3]), int(text[-2:])
            return f"{year}年{month}月" if lang == "zh" else f"{MONTHS_EN[month - 1]} {year}"
        if datatype == XSD + "gYear":
            return f"{int(text)}年" if lang == "zh" else str(int(text))
        if datatype == XSD + "boolean":
            return i18n.text("entry_yes" if text in ("true", "1") else "entry_no", lang)
        if datatype in (XSD + "integer", XSD + "decimal", XSD + "double", XSD + "float", XSD + "int"):
            return format_number(text)
    except (ValueError, IndexError):
        return text
    return text


def format_number(text: str) -> str:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"
