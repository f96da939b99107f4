"""A deterministic, national-scale synthetic SWIO graph (``swio synth``).

Provinces contain cities, cities districts, districts streets; each city and
district, and one street in each district, has a social-work association with a founding date, a president and a
secretary-general (in most cities the president is also the director of the civil-affairs
bureau); every street has a private social-work service agency that is a unit member of its district association; city and district associations report member statistics whose parts add
up (street associations report none), and each district has a government
purchase of home-based elderly care with a bounded amount. Everything conforms to
the shipped shapes; ``violations`` seeds that many violations of each kind listed in
:data:`KINDS` and writes what the validator must report to ``ground-truth.json``.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .atomic_files import write_files_atomic
from .errors import InputError
from .namespaces import ALL_PREFIXES, SWIO

SH = ALL_PREFIXES["swiosh"]
S = SWIO

#: The prefixes synth.ttl declares (all from swio.namespaces).
USED_PREFIXES = (
    "swio",
    "rdfs",
    "xsd",
    "skos",
    "dcterms",
    "org",
    "foaf",
    "src",
    "body",
    "person",
    "post",
    "membership",
    "place",
    "event",
    "activity",
    "qty",
    "akind",
    "level",
    "dtype",
    "role",
    "bound",
    "counted",
    "pgroup",
    "stype",
    "bgroup",
)
PREFIXES = "".join(f"@prefix {name}: <{ALL_PREFIXES[name]}> .\n" for name in USED_PREFIXES)

#: The kinds of violation ``--violations`` can seed, and the results each must produce.
KINDS = (
    "missing-en-label",  # LabelShape (SPARQL): no @en label
    "holder-not-person",  # PostHolderIsPersonShape (SPARQL): a post held by an organisation
    "missing-source",  # FactShape: dcterms:source minCount
    "bound-not-allowed",  # QuantityShape: swio:bound sh:in
    "share-over-100",  # ShareShape: swio:value sh:maxInclusive
    "level-not-allowed",  # SocialWorkAssociationShape: swio:administrativeLevel sh:in
    "amount-not-decimal",  # MonetaryAmountShape: swio:value sh:datatype and sh:minInclusive
    "parts-do-not-add-up",  # PartsAddUpShape (SPARQL, warning)
    "founded-after-purchase",  # FoundedBeforeActivityShape (SPARQL, warning)
)

ASSOCIATION_KINDS = (
    "akind:shehui-gongzuo-xiehui",
    "akind:shehui-gongzuozhe-xiehui",
    "akind:shehui-gongzuozhe-lianhehui",
)
BENEFICIARIES = ("bgroup:dibao-laoren-70", "bgroup:kongchao-laoren-70", "bgroup:gaoling-laoren-90")
TRIPLES_PER_DISTRICT = 184  # a district with its streets, associations, posts, people, purchase and figures
#: Bounds of ``--scale``: below 1000 the graph has too few nodes for its pattern; 10 million triples
#: take about 1.1 GB of memory, 30 s and 500 MB of Turtle (validating them, about 6 GB).
MIN_SCALE, MAX_SCALE = 1_000, 10_000_000
MAX_SEED = 2**64 - 1


@dataclass
class Expected:
    shape: str
    component: str
    focus: str
    path: str | None = None
    severity: str = "Violation"


@dataclass
class _Writer:
    lines: list[str] = field(default_factory=list)
    triples: int = 0

    def node(self, subject: str, *pairs: tuple[str, str]) -> None:
        self.triples += sum(1 + o.count(" , ") for _, o in pairs)
        body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
        self.lines.append(f"{subject}\n    {body} .\n")


def _lit(text: str, lang: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + f'"@{lang}'


@dataclass
class SynthResult:
    path: Path
    ground_truth: Path
    triples: int
    districts: int
    expected: list[Expected]


def plan(scale: int) -> tuple[int, int, int, int]:
    """Provinces, cities per province, districts per city, streets per district for ~``scale`` triples."""
    districts = max(1, scale // TRIPLES_PER_DISTRICT)
    provinces = max(1, min(34, round(districts ** (1 / 3) / 1.5)))
    cities = max(1, round((districts / provinces) ** 0.5 / 1.2))
    per_city = max(1, round(districts / (provinces * cities)))
    return provinces, min(cities, 99), min(per_city, 99), 2


def generate(
    out: str | Path,
    *,
    scale: int = 10_000,
    seed: int = 1,
    violations: int = 0,
    progress: Callable[[str], None] | None = None,
) -> SynthResult:
    """Write ``synth.ttl`` and ``ground-truth.json`` into ``out``; about ``scale`` triples.

    The same ``scale``, ``seed`` and ``violations`` always give byte-identical files. ``progress``, if
    given, is called with a short line now and then (the province being made, the writing).
    """
    if not str(out).strip():
        raise InputError("synth: `out` is empty; give the folder for synth.ttl and ground-truth.json")
    if not MIN_SCALE <= scale <= MAX_SCALE:
        raise InputError(f"synth: `scale` must be from {MIN_SCALE} to {MAX_SCALE:,} triples, not {scale}")
    if not 0 <= seed <= MAX_SEED:
        raise InputError(f"synth: `seed` must be from 0 to {MAX_SEED}, not {seed}")
    if violations < 0:
        raise InputError(f"synth: `violations` must be 0 or more, not {violations}")
    provinces, cities, per_city, streets = plan(scale)
    room = provinces * cities * per_city // 2  # two kinds of violation share each district's purchase amount
    if violations > room:
        raise InputError(
            f"synth: a graph of this `scale` has room for at most {room} violations of each kind; "
            f"give a larger `scale` or fewer `violations` than {violations}"
        )
    rng = random.Random(seed)
    out = Path(out)
    w = _Writer()
    w.lines.append(PREFIXES)
    w.lines.append("# A synthetic national register of social-work associations (swio synth).\n")
    w.node(
        "src:synthetic-register",
        ("a", "dcterms:BibliographicResource"),
        ("rdfs:label", _lit("合成登记册", "zh") + " , " + _lit("synthetic register", "en")),
        ("dcterms:title", _lit("社会工作行业组织合成登记册", "zh")),
    )
    src = ("dcterms:source", "src:synthetic-register")
    targets: dict[str, list[str]] = {k: [] for k in KINDS}
    district_count = 0

    def place(slug, zh, en, code, dtype, lvl, parent):
        pairs = [
            ("a", "swio:AdministrativeDivision"),
            ("rdfs:label", _lit(zh, "zh") + " , " + _lit(en, "en")),
            ("swio:divisionType", dtype),
            ("swio:administrativeLevel", lvl),
            src,
        ]
        if code:
            pairs.append(("swio:divisionCode", f'"{code}"'))
        if parent:
            pairs.append(("swio:withinDivision", parent))
        w.node(f"place:{slug}", *pairs)

    def association(slug, zh, en, lvl, where, year, statistics=True):
        kind = ASSOCIATION_KINDS[rng.randrange(3)]
        w.node(
            f"body:{slug}",
            ("a", "swio:SocialWorkAssociation"),
            ("rdfs:label", _lit(zh + "社会工作协会", "zh") + " , " + _lit(en + " Social Work Association", "en")),
            ("swio:associationKind", kind),
            ("swio:administrativeLevel", lvl),
            ("swio:basedIn", where),
            src,
        )
        month, day = rng.randrange(1, 13), rng.randrange(1, 29)
        w.node(
            f"event:{slug}-chengli",
            ("a", "swio:FoundingEvent"),
            (
                "rdfs:label",
                _lit(zh + "社会工作协会成立", "zh") + " , " + _lit("founding of the " + en + " association", "en"),
            ),
            ("org:resultingOrganization", f"body:{slug}"),
            ("dcterms:date", f'"{year}-{month:02d}-{day:02d}"^^xsd:date'),
            src,
        )
        for role, zh_role, en_role in (
            ("huizhang", "会长", "president"),
            ("mishuzhang", "秘书长", "secretary-general"),
        ):
            person = f"{slug}-{role}"
            w.node(
                f"person:{person}",
                ("a", "foaf:Person"),
                ("rdfs:label", _lit(f"{zh}{zh_role}某", "zh") + " , " + _lit(f"{en} {en_role}", "en")),
                ("foaf:name", _lit(f"{zh}{zh_role}某", "zh")),
                src,
            )
            w.node(
                f"post:{slug}-{role}",
                ("a", "org:Post"),
                (
                    "rdfs:label",
                    _lit(zh + "社会工作协会" + zh_role, "zh")
                    + " , "
                    + _lit(f"{en_role} of the {en} association", "en"),
                ),
                ("org:postIn", f"body:{slug}"),
                ("org:role", f"role:{role}"),
                ("org:heldBy", f"person:{person}"),
                src,
            )
        targets["missing-en-label"].append(f"body:{slug}")
        targets["holder-not-person"].append(f"post:{slug}-mishuzhang|body:{slug}")
        targets["level-not-allowed"].append(f"body:{slug}|{lvl}")
        if not statistics:
            return
        total, share = 20 * rng.randrange(5, 60), 5 * rng.randrange(4, 20)
        individual = total - 20 * rng.randrange(1, total // 20)
        for name, value, kind_iri in (
            ("members", total, None),
            ("individual", individual, "counted:geren-huiyuan"),
            ("units", total - individual, "counted:danwei-huiyuan"),
        ):
            pairs = [
                ("a", "swio:Count"),
                (
                    "rdfs:label",
                    _lit(f"{zh}协会会员数（{name}）", "zh") + " , " + _lit(f"{en} association: {name}", "en"),
                ),
                ("swio:value", str(value)),
                ("swio:bound", "bound:jingque"),
                ("swio:countOf", kind_iri or "counted:huiyuan"),
                ("swio:about", f"body:{slug}"),
                src,
            ]
            if name == "members":
                pairs.append(("dcterms:hasPart", f"qty:{slug}-individual , qty:{slug}-units"))
            if name == "individual":
                pairs.append(("swio:share", f"qty:{slug}-share"))
            w.node(f"qty:{slug}-{name}", *pairs)
        w.node(
            f"qty:{slug}-share",
            ("a", "swio:Share"),
            (
                "rdfs:label",
                _lit(f"{zh}协会来自民政系统的比例", "zh")
                + " , "
                + _lit(f"{en} association: share from civil affairs", "en"),
            ),
            ("swio:value", f"{share}.0"),
            ("swio:bound", "bound:jingque"),
            ("swio:shareOf", "pgroup:laizi-minzheng-xitong"),
            ("swio:about", f"body:{slug}"),
            src,
        )
        targets["share-over-100"].append(f"qty:{slug}-share")
        targets["parts-do-not-add-up"].append(f"qty:{slug}-members|{total}")

    for p in range(1, provinces + 1):
        if progress:
            progress(f"province {p} of {provinces} ({w.triples:,} triples so far)")
        pcode = f"{10 + p:02d}"
        place(f"sheng-{p}", f"第{p}省", f"Province {p}", f"{pcode}0000", "dtype:sheng", "level:sheng", None)
        for c in range(1, cities + 1):
            cslug, czh, cen = f"shi-{p}-{c}", f"第{p}省第{c}市", f"City {p}-{c}"
            place(cslug, czh, cen, f"{pcode}{c:02d}00", "dtype:dijishi", "level:shi", f"place:sheng-{p}")
            association(f"{cslug}-xiehui", czh, cen, "level:shi", f"place:{cslug}", rng.randrange(2005, 2010))
            w.node(
                f"body:{cslug}-minzhengju",
                ("a", "swio:GovernmentBody"),
                ("rdfs:label", _lit(czh + "民政局", "zh") + " , " + _lit(cen + " Civil Affairs Bureau", "en")),
                ("swio:jurisdiction", f"place:{cslug}"),
                src,
            )
            director = (
                f"person:{cslug}-xiehui-huizhang"
                if rng.random() < 0.6  # the association's president
                else f"person:{cslug}-minzhengju-juzhang"
            )
            if not director.endswith("-xiehui-huizhang"):
                w.node(
                    director,
                    ("a", "foaf:Person"),
                    (
                        "rdfs:label",
                        _lit(f"{czh}民政局局长某", "zh") + " , " + _lit(f"{cen} civil-affairs director", "en"),
                    ),
                    ("foaf:name", _lit(f"{czh}民政局局长某", "zh")),
                    src,
                )
            w.node(
                f"post:{cslug}-minzhengju-juzhang",
                ("a", "org:Post"),
                (
                    "rdfs:label",
                    _lit(czh + "民政局局长", "zh")
                    + " , "
                    + _lit("Director of the " + cen + " Civil Affairs Bureau", "en"),
                ),
                ("org:postIn", f"body:{cslug}-minzhengju"),
                ("org:role", "role:juzhang"),
                ("org:heldBy", director),
                src,
            )
            w.node(
                f"body:{cslug}-caizheng",
                ("a", "swio:PublicFinance"),
                ("rdfs:label", _lit(czh + "财政", "zh") + " , " + _lit(cen + " public finance", "en")),
                ("swio:fiscalLevel", "level:shi"),
                ("swio:jurisdiction", f"place:{cslug}"),
                src,
            )
            for d in range(1, per_city + 1):
                district_count += 1
                dslug, dzh, den = f"qu-{p}-{c}-{d}", f"{czh}第{d}区", f"District {p}-{c}-{d}"
                place(dslug, dzh, den, f"{pcode}{c:02d}{d:02d}", "dtype:shixiaqu", "level:quxian", f"place:{cslug}")
                founded = rng.randrange(2008, 2013)
                association(f"{dslug}-xiehui", dzh, den, "level:quxian", f"place:{dslug}", founded)
                for s in range(1, streets + 1):
                    sslug, szh, sen = f"jiedao-{p}-{c}-{d}-{s}", f"{dzh}第{s}街道", f"Street {p}-{c}-{d}-{s}"
                    place(sslug, szh, sen, None, "dtype:jiedao", "level:jiedao", f"place:{dslug}")
                    agency = f"body:{sslug}-shegong-fuwushe"  # a private service agency, unit member of the district association
                    w.node(
                        agency,
                        ("a", "swio:ServiceAgency"),
                        (
                            "rdfs:label",
                            _lit(szh + "社会工作服务社", "zh")
                            + " , "
                            + _lit(sen + " Social Work Service Agency", "en"),
                        ),
                        ("swio:privatelyRun", "true"),
                        ("swio:basedIn", f"place:{sslug}"),
                        src,
                    )
                    w.node(
                        f"membership:{sslug}-shegong-fuwushe",
                        ("a", "org:Membership"),
                        (
                            "rdfs:label",
                            _lit(szh + "社会工作服务社：" + dzh + "社会工作协会单位会员", "zh")
                            + " , "
                            + _lit(f"{sen} agency: unit member of the {den} association", "en"),
                        ),
                        ("org:member", agency),
                        ("org:organization", f"body:{dslug}-xiehui"),
                        ("org:role", "role:danwei-huiyuan"),
                        src,
                    )
                    if s == 1:  # street associations are still the exception: one per district
                        association(
                            f"{sslug}-xiehui",
                            szh,
                            sen,
                            "level:jiedao",
                            f"place:{sslug}",
                            rng.randrange(2010, 2013),
                            statistics=False,
                        )
                year = rng.randrange(2013, 2021)
                amount = 100_000 * rng.randrange(1, 500)
                w.node(
                    f"activity:{dslug}-goumai-{year}",
                    ("a", "swio:ServicePurchase"),
                    (
                        "rdfs:label",
                        _lit(f"{year}年{dzh}政府购买居家养老服务", "zh")
                        + " , "
                        + _lit(f"{den} home-care purchase {year}", "en"),
                    ),
                    ("swio:serviceType", "stype:jujia-yanglao"),
                    ("swio:implementer", f"body:{dslug}-xiehui"),
                    ("swio:fundedBy", f"body:{cslug}-caizheng"),
                    ("swio:year", f'"{year}"^^xsd:gYear'),
                    ("swio:amount", f"qty:{dslug}-goumai-{year}-jine"),
                    ("swio:coversArea", f"place:{dslug}"),
                    ("swio:beneficiaryGroup", " , ".join(BENEFICIARIES[: 1 + rng.randrange(3)])),
                    src,
                )
                w.node(
                    f"qty:{dslug}-goumai-{year}-jine",
                    ("a", "swio:MonetaryAmount"),
                    ("rdfs:label", _lit(f"{amount}元", "zh") + " , " + _lit(f"CNY {amount}", "en")),
                    ("swio:value", f"{amount}.0"),
                    ("swio:currency", '"CNY"'),
                    ("swio:bound", "bound:zhishao" if rng.random() < 0.5 else "bound:jingque"),
                    ("swio:about", f"activity:{dslug}-goumai-{year}"),
                    src,
                )
                targets["missing-source"].append(f"activity:{dslug}-goumai-{year}")
                targets["bound-not-allowed"].append(f"qty:{dslug}-goumai-{year}-jine")
                targets["amount-not-decimal"].append(f"qty:{dslug}-goumai-{year}-jine")
                targets["founded-after-purchase"].append(
                    f"event:{dslug}-xiehui-chengli|{year}|activity:{dslug}-goumai-{year}"
                )

    expected = _seed(w, targets, violations, rng)
    if progress:
        progress(f"writing {w.triples:,} triples to {out / 'synth.ttl'}")
    out.mkdir(parents=True, exist_ok=True)
    path, truth = out / "synth.ttl", out / "ground-truth.json"
    write_files_atomic(
        {  # both whole, or neither: never a graph with another run's ground truth
            path: w.lines,  # streamed: the text is never held twice
            truth: json.dumps(
                {
                    "seed": seed,
                    "scale": scale,
                    "triples": w.triples,
                    "violations_per_kind": violations,
                    "expected": [e.__dict__ for e in expected],
                },
                indent=1,
                ensure_ascii=False,
            )
            + "\n",
        }
    )
    return SynthResult(path, truth, w.triples, district_count, expected)


def _expand(name: str) -> str:
    prefix, _, local = name.partition(":")
    return ALL_PREFIXES[prefix] + local


def _seed(w: _Writer, targets: dict[str, list[str]], count: int, rng: random.Random) -> list[Expected]:
    """Edit the written nodes so that exactly the listed results must appear."""
    expected: list[Expected] = []
    if count <= 0:
        return expected
    index = {line.split("\n", 1)[0]: i for i, line in enumerate(w.lines)}
    used: set[str] = set()

    def edit(subject: str, old: str, new: str) -> None:
        i = index[subject]
        assert old in w.lines[i], (subject, old)
        w.lines[i] = w.lines[i].replace(old, new, 1)

    for kind in KINDS:
        pool = [t for t in targets[kind] if t.split("|")[0] not in used]
        if len(pool) < count:
            raise InputError(
                f"synth: a graph of this `scale` has only {len(pool)} places for violations of kind "
                f"{kind}; give a larger `scale` or fewer `violations` than {count}"
            )
        for entry in rng.sample(pool, count):
            parts = entry.split("|")
            node = parts[0]
            used.add(node)
            if kind == "missing-en-label":
                i = index[node]
                w.lines[i] = w.lines[i].replace(" , " + w.lines[i].split(" , ", 1)[1].split(" ;", 1)[0], "", 1)
                expected.append(Expected(SH + "LabelShape", "SPARQLConstraintComponent", _expand(node)))
            elif kind == "holder-not-person":
                person = node.replace("post:", "person:")
                edit(node, f"org:heldBy {person}", f"org:heldBy {parts[1]}")
                expected.append(Expected(SH + "PostHolderIsPersonShape", "SPARQLConstraintComponent", _expand(node)))
            elif kind == "missing-source":
                edit(node, " ;\n    dcterms:source src:synthetic-register .", " .")
                expected.append(
                    Expected(
                        SH + "FactShape",
                        "MinCountConstraintComponent",
                        _expand(node),
                        f"<{'http://purl.org/dc/terms/source'}>",
                    )
                )
            elif kind == "bound-not-allowed":
                i = index[node]
                line = w.lines[i]
                old = "swio:bound bound:zhishao" if "bound:zhishao" in line else "swio:bound bound:jingque"
                w.lines[i] = line.replace(old, "swio:bound bound:bu-zhi-dao", 1)
                expected.append(Expected(SH + "QuantityShape", "InConstraintComponent", _expand(node), f"<{S}bound>"))
            elif kind == "share-over-100":
                i = index[node]
                w.lines[i] = _replace_value(w.lines[i], "120.0")
                expected.append(
                    Expected(SH + "ShareShape", "MaxInclusiveConstraintComponent", _expand(node), f"<{S}value>")
                )
            elif kind == "level-not-allowed":
                edit(node, f"swio:administrativeLevel {parts[1]}", "swio:administrativeLevel level:sheng")
                expected.append(
                    Expected(
                        SH + "SocialWorkAssociationShape",
                        "InConstraintComponent",
                        _expand(node),
                        f"<{S}administrativeLevel>",
                    )
                )
            elif kind == "amount-not-decimal":
                i = index[node]
                w.lines[i] = _replace_value(w.lines[i], '"many"')
                for component in ("DatatypeConstraintComponent", "MinInclusiveConstraintComponent"):
                    expected.append(Expected(SH + "MonetaryAmountShape", component, _expand(node), f"<{S}value>"))
            elif kind == "parts-do-not-add-up":
                i = index[node]
                w.lines[i] = _replace_value(w.lines[i], str(int(parts[1]) + 1))
                expected.append(
                    Expected(SH + "PartsAddUpShape", "SPARQLConstraintComponent", _expand(node), severity="Warning")
                )
            elif kind == "founded-after-purchase":
                year = int(parts[1])
                i = index[node]
                start = w.lines[i].index('dcterms:date "') + len('dcterms:date "')
                w.lines[i] = w.lines[i][:start] + str(year + 1) + w.lines[i][start + 4 :]
                expected.append(
                    Expected(
                        SH + "FoundedBeforeActivityShape",
                        "SPARQLConstraintComponent",
                        _expand(node),
                        severity="Warning",
                    )
                )
    return expected


def _replace_value(line: str, new: str) -> str:
    start = line.index("swio:value ") + len("swio:value ")
    end = line.index(" ;", start)
    return line[:start] + new + line[end:]


def expected_keys(ground_truth: str | Path) -> Counter:
    """The results ``ground-truth.json`` says a validator must report, as comparable keys."""
    data = json.loads(Path(ground_truth).read_text(encoding="utf-8"))
    return Counter((e["severity"], e["shape"], e["component"], e["focus"], e["path"] or "") for e in data["expected"])


def found_keys(results) -> Counter:
    """The same keys for a validator's results: :class:`swio.ValidationResult` objects or the
    ``results`` of a ``swio validate --format json`` report."""
    return Counter(
        (r["severity"], r["shapeIri"], r["component"], r["focusIri"], r["pathSparql"] or "")
        if isinstance(r, dict)
        else (r.severity, str(r.named_shape), r.component, str(r.focus), r.path or "")
        for r in results
    )


def compare(results: Iterable[Any], ground_truth: str | Path) -> tuple[Counter, Counter]:
    """``(missing, unexpected)``: seeded results not reported, and reported results not seeded."""
    expected, found = expected_keys(ground_truth), found_keys(results)
    return expected - found, found - expected
