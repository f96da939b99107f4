"""The static site in a real headless browser (Debian's chromium, driven by playwright's Python client).

The site is built once and served by a plain HTTP server (as any static host would);
chromium is started once for the module (``executable_path=/usr/bin/chromium``: no
browser is downloaded). Each page is opened at desktop and phone widths, with a
screenshot kept in ``tests/artifacts/site/`` (git-ignored); no console error, failed
request or 4xx/5xx may happen, the phone layout must not scroll sideways, the language
switch must lead to the other language and back, and ``def.en.html#Role`` must land
on swio:Role.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .support.browser import VIEWPORTS, Watch, chromium, static_server

ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "site"
PAGES = {
    "landing": "index.en.html",
    "resource-zh": "id/org/hefei-shi-shehui-gongzuo-xiehui.zh.html",
    "resource-en": "id/org/hefei-shi-shehui-gongzuo-xiehui.en.html",
    "ontology": "def.en.html",
    "shapes": "shapes.zh.html",
    "timeline-zh": "pictures/timeline.zh.html",
    "timeline-en": "pictures/timeline.en.html",
    "models": "pictures/models.en.html",
    "question": "queries/model-comparison.zh.html",
    "browse": "browse/org.en.html",
    "source-zh": "source/article.zh.html",
    "source-en": "source/article.en.html",
    "models-zh": "pictures/models.zh.html",
}
TALL = ("ontology", "shapes")  # full-page screenshots of these would be tens of thousands of pixels


@pytest.fixture(scope="module")
def base(shipped_site):
    with static_server(shipped_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_pages_render_without_errors_at_desktop_and_phone_widths(base, browser, viewport):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=VIEWPORTS[viewport], device_scale_factor=1)
    try:
        for name, path in PAGES.items():
            page = context.new_page()
            watch = Watch(page)
            page.goto(f"{base}/{path}", wait_until="load", timeout=30_000)
            page.screenshot(path=str(ARTIFACTS / f"{name}-{viewport}.png"), full_page=name not in TALL, timeout=30_000)
            assert watch.problems == [], f"{path}: {watch.problems}"
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {viewport} width"
            assert page.locator("#lang-switch").is_visible()
            page.close()
    finally:
        context.close()
    assert len(list(ARTIFACTS.glob(f"*-{viewport}.png"))) >= len(PAGES)


def test_the_language_switch_leads_to_the_other_language_and_back(base, browser):
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    watch = Watch(page)
    # Each page is left only once the network is idle: the browser fetches the page's icon after the
    # load event, and a click that navigates away while it is in flight aborts it (net::ERR_ABORTED),
    # which is the test's doing, not a failure of the site.
    idle = {"wait_until": "networkidle", "timeout": 30_000}
    page.goto(f"{base}/id/org/hefei-shi-shehui-gongzuo-xiehui.en.html", **idle)
    assert page.locator("h1").inner_text() == "Hefei Social Work Association"
    assert page.locator("#lang-switch").inner_text() == "中文"
    page.click("#lang-switch")
    page.wait_for_url("**/hefei-shi-shehui-gongzuo-xiehui.zh.html", **idle)
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    assert page.locator("h1").inner_text() == "合肥市社会工作协会"
    assert "指向本资源的陈述" in page.content()
    page.click("#lang-switch")
    page.wait_for_url("**/hefei-shi-shehui-gongzuo-xiehui.en.html", **idle)
    assert page.evaluate("document.documentElement.lang") == "en"
    page.goto(f"{base}/def.zh.html", **idle)
    page.click("#lang-switch")
    page.wait_for_url("**/def.en.html")
    assert watch.problems == [], watch.problems
    page.close()


def test_the_role_anchor_lands_on_swio_role_and_cjk_fonts_are_there(base, browser):
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    page.goto(f"{base}/def.en.html#Role")
    top = page.evaluate("document.getElementById('Role').getBoundingClientRect().top")
    assert abs(top) < 40
    section = page.locator("#Role").inner_text()
    assert "swio:Role" in section and "https://w3id.org/swio/def#Role" in section
    assert page.locator("[id='org:Role']").count() == 1
    page.goto(f"{base}/id/org/hefei-shi-shehui-gongzuo-xiehui.zh.html")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '合肥')")
    page.close()
