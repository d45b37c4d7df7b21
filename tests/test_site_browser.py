"""The site in a real browser: every page at 390 px (a phone) and 1280 px.

Each page must load with no console error, scroll only up and down, load nothing but files
of the site (its resource entries say what it asked for; requests to the network are blocked
as well), and link only to pages that exist. On a hub page every number must be shown and
be a number of that hub's `-f json` answer.

Without chromium these tests skip, saying why; in CI (CI set) they fail instead, because CI
installs the browser (.ci/run) and must run them.
"""

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import run
from tests.sitebrowser import Browser, browser_missing
from tests.sitepages import json_numbers, shown_number

WIDTHS = [390, 1280]

PROBE = """
const d = document.documentElement;
const header = document.querySelector('header.site');
return {
  scroll: d.scrollWidth,
  client: d.clientWidth,
  inner: window.innerWidth,
  styled: header !== null && getComputedStyle(header).display === 'flex',
  loaded: performance.getEntriesByType('resource').map(e => e.name),
  links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
  numbers: Array.from(document.querySelectorAll('[data-value]')).map(
    e => [e.dataset.value, e.innerText.trim(), e.getClientRects().length > 0]),
  wide: Array.from(document.querySelectorAll('main *')).filter(
    e => e.getBoundingClientRect().right > d.clientWidth + 1).map(e => e.tagName).slice(0, 5),
};
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    missing = browser_missing()
    if missing is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{missing}; CI installs chromium (.ci/run) and must run these tests")
        pytest.skip(missing)
    opened = Browser()
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser-site") / "out"
    result = run("site", "-o", str(folder))
    assert result.exit_code == 0, result.stderr
    return folder


def _internal(url: str, site: Path) -> str | None:
    """Why an internal link is broken, or None."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        return None  # a link out (a source's URL), never loaded by the page
    if parts.scheme != "file":
        return f"{url}: not a file of the site"
    path = Path(unquote(parts.path))
    if not path.is_file() or site.resolve() not in path.resolve().parents:
        return f"{url}: no such file in the site"
    return None


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_at_every_width(browser: Browser, site: Path, width: int) -> None:
    browser.width(width)
    browser.console_errors()  # start clean
    problems: list[str] = []
    checked: set[str] = set()
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        name = page.relative_to(site).as_posix()
        browser.open(page)
        seen: dict[str, Any] = browser.script(PROBE)
        if seen["inner"] != width:
            problems.append(f"{name}: the window is {seen['inner']} px, not {width}")
        if seen["scroll"] > seen["client"]:
            problems.append(
                f"{name}: scrolls sideways ({seen['scroll']} > {seen['client']} px; "
                f"wide: {seen['wide']})"
            )
        if not seen["styled"]:
            problems.append(f"{name}: the stylesheet did not load")
        for url in seen["loaded"]:
            if not url.startswith(site.resolve().as_uri() + "/"):
                problems.append(f"{name}: loaded {url}")
        for url in seen["links"]:
            if url.split("#")[0] in checked:
                continue
            broken = _internal(url, site)
            if broken:
                problems.append(f"{name}: {broken}")
            else:
                checked.add(url.split("#")[0])
        for value, text, shown in seen["numbers"]:
            if not text or not shown:
                problems.append(f"{name}: the number {value} is not shown")
        problems += [f"{name}: console: {e}" for e in browser.console_errors()]
    assert problems == [], "\n".join(problems[:40])


@pytest.mark.parametrize("width", WIDTHS)
def test_every_number_on_a_hub_page_is_the_hubs_json_answer(
    browser: Browser, site: Path, width: int
) -> None:
    browser.width(width)
    total = 0
    for page in sorted((site / "hubs").glob("*.html")):
        result = run("region", page.stem, "-f", "json")
        assert result.exit_code == 0
        answer = json_numbers(json.loads(result.stdout))
        browser.open(page)
        numbers = browser.script(PROBE)["numbers"]
        wrong = [v for v, _, _ in numbers if shown_number(v) not in answer]
        assert wrong == [], page.name
        total += len(numbers)
    assert total > 100


def test_a_request_to_the_network_is_caught(browser: Browser, tmp_path: Path) -> None:
    """The guard above works: what a page asks of the network is in its resource entries
    (and is blocked)."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><link rel="stylesheet" href="https://cdn.example.invalid/x.css">'
        '<img src="http://example.invalid/a.png" alt="">',
        encoding="utf-8",
    )
    browser.width(1280)
    browser.open(page)
    loaded = set(browser.script(PROBE)["loaded"])
    assert loaded == {"https://cdn.example.invalid/x.css", "http://example.invalid/a.png"}


def test_a_console_error_is_caught(browser: Browser, tmp_path: Path) -> None:
    page = tmp_path / "error.html"
    page.write_text('<!doctype html><script>console.error("broken")</script>', "utf-8")
    browser.open(page)
    errors = browser.console_errors()
    assert len(errors) == 1 and '"broken"' in errors[0]
