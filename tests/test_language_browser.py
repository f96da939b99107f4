"""The pages this issue changed, as chromium renders them (Debian's chromium through playwright's client):
what a reader sees on a Chinese page has no English word, an English page no Chinese interface text,
and the page does not scroll sideways at phone width. Screenshots (zh and en, 1280 px and 390 px)
are kept in ``tests/artifacts/lang/`` (git-ignored).

The text is the browser's own ``innerText`` of the page with code (``<code>``, ``<pre>``) and text
marked as the other language taken out — the same rules as ``tests/test_language.py``, applied to
what is rendered rather than to the HTML source.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .support.browser import VIEWPORTS, Watch, chromium, static_server
from .support.language_check import english_words, has_cjk

ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "lang"
PAGES = {
    "question": "queries/hefei-timeline",
    "question-params": "queries/leaders-with-official-posts",
    "question-terms": "queries/government-money",
    "browse": "browse/index",
    "browse-kind": "browse/bound",
    "cheatsheet": "sparql-cheatsheet",
}
# the text a reader sees, less code and text marked as the other language
VISIBLE = """(other) => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('code, pre, script, style').forEach(e => e.remove());
  body.querySelectorAll('[lang]').forEach(e => { if (e.lang.startsWith(other)) e.remove(); });
  document.documentElement.appendChild(body);  // innerText needs a rendered element
  body.style.position = 'absolute'; body.style.left = '-99999px';
  const text = body.innerText;
  body.remove();
  return text;
}"""


@pytest.fixture(scope="module")
def base(shipped_site):
    with static_server(shipped_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_changed_pages_read_in_one_language_at_desktop_and_phone_widths(base, browser, viewport):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=VIEWPORTS[viewport], device_scale_factor=1)
    try:
        for name, stem in PAGES.items():
            for lang, other in (("zh", "en"), ("en", "zh")):
                page = context.new_page()
                watch = Watch(page)
                page.goto(f"{base}/{stem}.{lang}.html", wait_until="load", timeout=30_000)
                width = VIEWPORTS[viewport]["width"]
                page.screenshot(path=str(ARTIFACTS / f"{name}-{lang}-{width}.png"), full_page=True, timeout=30_000)
                assert watch.problems == [], f"{stem}.{lang}: {watch.problems}"
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 1, f"{stem}.{lang} scrolls sideways by {overflow}px at {viewport} width"
                text = page.evaluate(VISIBLE, other)
                lines = [line for line in text.splitlines() if line.strip()]
                assert len(lines) > 10
                if lang == "zh":
                    wrong = [(line, english_words(line)) for line in lines if english_words(line)]
                    assert not wrong, f"{stem}.zh at {viewport}: English on the page: {wrong[:5]}"
                else:
                    # Chinese on English pages only in the data's text (checked against the data in
                    # test_language.py); the interface itself has none
                    chrome = page.evaluate(
                        "Array.from(document.querySelectorAll('header nav a, h1, h2, th, footer'))"
                        ".filter(e => !e.closest('[lang^=zh]')).map(e => e.innerText)"
                    )
                    assert not [c for c in chrome if has_cjk(c)], f"{stem}.en: Chinese in headings or navigation"
                page.close()
    finally:
        context.close()
    assert len(list(ARTIFACTS.glob(f"*-{VIEWPORTS[viewport]['width']}.png"))) == 2 * len(PAGES)
