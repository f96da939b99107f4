"""Search, the SPARQL page, the question forms and the pictures in a real headless chromium.

The static site is opened from ``file://`` (no server at all: the search index is a script) and
from a plain static HTTP server; the served features from a real ``swio serve``
(:func:`tests.support.servers.start_swio_serve`). Searches are typed and chosen with the keyboard
(arrows, Enter, Escape); the pages are opened at 1280 and 390 px in Chinese and English with
screenshots kept in ``tests/artifacts/site-features/`` (git-ignored); no console error, no failed
request, no sideways scrolling.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from .support.browser import VIEWPORTS, Watch, chromium, static_server
from .support.servers import running, start_swio_serve

ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "site-features"
ASSOCIATION = "id/org/hefei-shi-shehui-gongzuo-xiehui"
SEARCHES = [
    ("合肥模式", "id/model/hefei-moshi"),
    ("以会带所", "id/model/yi-hui-dai-suo"),
    ("张炜", "id/person/zhang-wei"),
    ("Kuai Benxian", "id/person/kuai-benxian"),
    ("yihuidaisuo", "id/model/yi-hui-dai-suo"),
    ("hefeimoshi", "id/model/hefei-moshi"),
]


OWN_QUERY = """PREFIX swio: <https://w3id.org/swio/def#>
SELECT ?association ?place WHERE { ?association a swio:SocialWorkAssociation ; swio:basedIn ?place }"""


@pytest.fixture(scope="module")
def site(shipped_site) -> Path:
    return shipped_site


@pytest.fixture(scope="module")
def static(site):
    with static_server(site) as url:
        yield url


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    log = tmp_path_factory.mktemp("serve-features") / "serve.log"
    with running(start_swio_serve, log, "--timeout", "5", "--sparql-workers", "1") as server:
        yield server.base
    assert "Traceback" not in log.read_text()


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True, timeout=30_000)


def no_sideways_scroll(page, what: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{what} scrolls sideways by {overflow}px"


def search_and_choose(page, query: str, expected: str) -> None:
    """Type ``query`` in the header's box, go down to the first result with the arrow key, press Enter."""
    box = page.locator("#site-search-q")
    box.fill(query)
    page.wait_for_selector("#site-search-list li[role=option]", timeout=10_000)
    assert box.get_attribute("aria-expanded") == "true"
    first = page.locator("#site-search-list li[role=option]").first
    assert first.locator(".r-kind").inner_text().strip()  # the result names its kind
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "site-search-option-0"
    assert first.get_attribute("aria-selected") == "true"
    with page.expect_navigation(timeout=15_000):
        box.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.url.split("#")[0].endswith(f"{expected}.{page.url.rsplit('.', 2)[-2]}.html"), (query, page.url)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_searches_reach_the_right_page_from_file_urls_without_a_server(site, browser, lang):
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    watch = Watch(page)
    try:
        for query, expected in SEARCHES:
            # left only once idle: leaving while the icon is still being fetched aborts that request
            page.goto((site / f"{ASSOCIATION}.{lang}.html").as_uri(), wait_until="networkidle")
            search_and_choose(page, query, expected)
            page.wait_for_load_state("networkidle")
            assert page.url.endswith(f".{lang}.html")
        assert watch.problems == [], watch.problems
    finally:
        page.close()


def test_escape_closes_the_list_and_the_search_page_lists_every_match(static, browser):
    for viewport in ("desktop", "phone"):
        for lang in ("zh", "en"):
            page = browser.new_page(viewport=VIEWPORTS[viewport])
            watch = Watch(page)
            page.goto(f"{static}/{ASSOCIATION}.{lang}.html", wait_until="networkidle")
            box = page.locator("#site-search-q")
            box.fill("合肥")
            page.wait_for_selector("#site-search-list li[role=option]")
            shot(page, f"search-dropdown-{lang}-{viewport}")
            no_sideways_scroll(page, f"search box ({lang}, {viewport})")
            box.press("Escape")
            assert page.locator("#site-search-list").is_hidden() and box.get_attribute("aria-expanded") == "false"
            box.press("Escape")
            assert box.input_value() == ""
            page.goto(f"{static}/search.{lang}.html?q=" + quote("合肥"), wait_until="networkidle")
            page.wait_for_selector("#search-page-results li", timeout=10_000)
            results = page.locator("#search-page-results li").count()
            assert results > 10 and page.locator("#search-page-q").input_value() == "合肥"
            assert "合肥" in page.locator("#search-page-summary").inner_text()
            shot(page, f"search-page-{lang}-{viewport}")
            no_sideways_scroll(page, f"search page ({lang}, {viewport})")
            assert watch.problems == [], watch.problems
            page.close()


def test_entries_and_pictures_fit_phone_and_desktop_widths(static, browser):
    pages = {
        "entry-association": f"{ASSOCIATION}.{{lang}}.html",
        "entry-model": "id/model/hefei-moshi.{lang}.html",
        "entry-purchase": "id/activity/hefei-jujia-yanglao-goumai-2013.{lang}.html",
        "stages": "pictures/stages.{lang}.html",
        "hierarchy": "pictures/hierarchy.{lang}.html",
        "question-form": "queries/leaders-with-official-posts.{lang}.html",
    }
    for viewport in ("desktop", "phone"):
        context = browser.new_context(viewport=VIEWPORTS[viewport], device_scale_factor=1)
        try:
            for name, path in pages.items():
                for lang in ("zh", "en"):
                    page = context.new_page()
                    watch = Watch(page)
                    page.goto(f"{static}/{path.format(lang=lang)}", wait_until="networkidle")
                    shot(page, f"{name}-{lang}-{viewport}")
                    no_sideways_scroll(page, f"{name} ({lang}, {viewport})")
                    if name.startswith("entry"):
                        assert page.locator(".infobox dt").count() >= 3
                    assert watch.problems == [], watch.problems
                    page.close()
        finally:
            context.close()


def test_no_connector_line_crosses_a_text_on_the_ontology_picture(site, browser):
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    page.goto((site / "pictures/ontology.en.svg").as_uri())
    crossings = page.evaluate(
        """() => {
        const boxes = [...document.querySelectorAll('text')].map(t => t.getBBox());
        const out = [];
        for (const path of document.querySelectorAll('path.connector, path.connector-head')) {
          const nums = path.getAttribute('d').match(/[MHVL]\\s*-?[0-9.]+(,-?[0-9.]+)?/g);
          let x = 0, y = 0; const pts = [];
          for (const cmd of nums) {
            const c = cmd[0], v = cmd.slice(1).split(',').map(Number);
            if (c === 'M' || c === 'L') { x = v[0]; y = v[1]; } else if (c === 'H') { x = v[0]; } else { y = v[0]; }
            pts.push([x, y]);
          }
          for (let i = 1; i < pts.length; i++) {
            const [x1, y1] = pts[i - 1], [x2, y2] = pts[i];
            for (const b of boxes) {
              const left = Math.min(x1, x2), right = Math.max(x1, x2), top = Math.min(y1, y2), bottom = Math.max(y1, y2);
              if (right >= b.x && left <= b.x + b.width && bottom >= b.y && top <= b.y + b.height) out.push([pts[i-1], pts[i], b.x, b.y]);
            }
          }
        }
        return [document.querySelectorAll('path.connector').length, out];
    }"""
    )
    count, crossing = crossings
    assert count > 20 and crossing == [], crossing[:5]
    page.close()


# -- swio serve ---------------------------------------------------------------------------------------
def test_the_served_sparql_page_runs_examples_links_iris_and_downloads(served, browser):
    for lang in ("zh", "en"):
        for viewport in ("desktop", "phone"):
            page = browser.new_page(viewport=VIEWPORTS[viewport])
            watch = Watch(page)
            page.goto(f"{served}/{ASSOCIATION}.{lang}.html", wait_until="networkidle")
            nav = page.locator(f'header nav a[href$="sparql.{lang}.html"]')  # not the cheat-sheet's link
            assert nav.count() == 1
            with page.expect_navigation():
                nav.click()
            page.wait_for_load_state("networkidle")
            assert page.url.endswith(f"/sparql.{lang}.html")
            examples = page.locator("ul.examples a")
            assert examples.count() >= 20
            with page.expect_navigation(timeout=20_000):
                page.locator("ul.examples li", has_text="leaders-with-official-posts").locator("a").click()
            page.wait_for_load_state("networkidle")
            assert "PREFIX" in page.locator("#query").input_value()  # the example's query, ready to edit
            cells = page.locator("table.answer tbody tr")
            assert cells.count() >= 3
            downloads = {a.inner_text(): a.get_attribute("href") for a in page.locator("p.downloads a").all()}
            assert set(downloads) == {"CSV", "JSON"}
            csv = requests.get(f"{served}/{downloads['CSV']}", timeout=30)
            assert csv.status_code == 200 and csv.headers["Content-Type"].startswith("text/csv")
            assert "attachment" in csv.headers["Content-Disposition"] and csv.text.splitlines()[0].startswith("case,")
            data = requests.get(f"{served}/{downloads['JSON']}", timeout=30).json()
            assert data["head"]["vars"][0] == "case" and len(data["results"]["bindings"]) == cells.count()
            # one's own query: the IRIs in its answer link to their pages, shown by their labels
            page.locator("#query").fill(OWN_QUERY)
            with page.expect_navigation(timeout=20_000):
                page.locator("form.sparql button[type=submit]").click()
            page.wait_for_load_state("networkidle")
            name = "合肥市社会工作协会" if lang == "zh" else "Hefei Social Work Association"
            link = page.locator("table.answer tbody a", has_text=name).first
            href = link.get_attribute("href")
            assert href.endswith(f"{ASSOCIATION}.{lang}.html") and link.get_attribute("title").startswith(
                "https://w3id.org/"
            )
            shot(page, f"sparql-{lang}-{viewport}")
            no_sideways_scroll(page, f"SPARQL page ({lang}, {viewport})")
            with page.expect_navigation():
                link.click()
            page.wait_for_load_state("networkidle")
            assert page.url.endswith(f"{ASSOCIATION}.{lang}.html")
            assert watch.problems == [], watch.problems
            page.close()


def test_sparql_errors_are_told_in_the_pages_language(served, browser):
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    bad = "SELECT * WHERE { ?s swio:x ?o }"
    page.goto(f"{served}/sparql.zh.html?query=" + quote(bad))
    error = page.locator(".error p").first.inner_text()
    assert "第 1 行" in error and "语法错误" in error and "PREFIX swio: <https://w3id.org/swio/def#>" in error
    shot(page, "sparql-error-zh")
    page.goto(f"{served}/sparql.en.html?query=" + quote(bad))
    error = page.locator(".error p").first.inner_text()
    assert "syntax error at line 1" in error and "swio:" in error
    page.goto(f"{served}/sparql.zh.html?query=" + quote("DROP ALL"))
    assert "只读" in page.locator(".error").inner_text()
    page.close()
    r = requests.get(f"{served}/sparql.zh.html", params={"query": "DROP ALL"}, timeout=30)
    assert r.status_code == 403


def test_served_question_pages_take_their_parameters_in_a_form(served, browser):
    for lang, city, expected in (
        ("zh", "南京", "南京社会工作者协会"),
        ("en", "Nanjing", "Nanjing Social Workers' Association"),
    ):
        for viewport in ("desktop", "phone"):
            page = browser.new_page(viewport=VIEWPORTS[viewport])
            watch = Watch(page)
            page.goto(f"{served}/queries/leaders-with-official-posts.{lang}.html", wait_until="networkidle")
            everything = page.locator("table.answer tbody tr").count()
            field = page.locator("#param-city")
            assert field.is_enabled()
            field.fill(city)
            with page.expect_navigation():
                page.locator("form.question-form button[type=submit]").click()
            page.wait_for_load_state("networkidle")
            assert "city=" in page.url and page.locator("#param-city").input_value() == city  # the value is kept
            rows = page.locator("table.answer tbody tr")
            assert 0 < rows.count() < everything
            assert all(expected in r for r in rows.all_inner_texts())
            csv_href = page.locator("a[type='text/csv']").get_attribute("href")
            assert "city=" in csv_href
            shot(page, f"question-form-{lang}-{viewport}")
            no_sideways_scroll(page, f"question form ({lang}, {viewport})")
            assert watch.problems == [], watch.problems
            page.close()
    r = requests.get(f"{served}/queries/leaders-with-official-posts.zh.html", params={"nope": "1"}, timeout=30)
    assert r.status_code == 400 and "此问题没有参数 nope" in r.text
    r = requests.get(f"{served}/search.zh.html", params={"q": "张炜"}, timeout=30)
    assert r.status_code == 200 and "id/person/zhang-wei.zh.html" in r.text and 'data-server="1"' in r.text
