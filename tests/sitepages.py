"""Helpers for the site's tests: read the pages `medcity site` writes, with no browser."""

import json
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit


class Page(HTMLParser):
    """What one page holds: its links and resources, its ids, its numbers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, url)
        self.ids: set[str] = set()
        self.values: list[str] = []  # data-value of every number
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src", "xlink:href", "srcset", "poster", "data"):
                self.links.append((tag, name, value))
            if name == "id":
                self.ids.add(value)
            if name == "data-value":
                self.values.append(value)


def read_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def is_web(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https") or url.startswith("//")


def broken_links(folder: Path) -> list[str]:
    """Every internal link or resource that does not resolve, and every web resource loaded.

    A link to the web (`<a href="https://...">`, a source's URL) is fine; anything the page
    would load from the web (a stylesheet, a script, an image, a font) is not.
    """
    problems: list[str] = []
    cache: dict[Path, Page] = {}

    def page_at(path: Path) -> Page:
        if path not in cache:
            cache[path] = read_page(path)
        return cache[path]

    for path in pages(folder):
        page = page_at(path)
        for tag, attribute, url in page.links:
            where = f"{path.relative_to(folder)}: <{tag} {attribute}={url!r}>"
            if is_web(url):
                if tag != "a":
                    problems.append(f"{where} loads from the network")
                continue
            parts = urlsplit(url)
            if parts.scheme:
                problems.append(f"{where} has a scheme")
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.is_file() or folder.resolve() not in target.parents:
                problems.append(f"{where} does not resolve")
                continue
            fragment = parts.fragment
            if fragment and target.suffix == ".html" and fragment not in page_at(target).ids:
                problems.append(f"{where}: no #{parts.fragment} there")
    return problems


def json_numbers(data: Any) -> set[Decimal]:
    """Every number anywhere in a JSON answer."""
    found: set[Decimal] = set()
    if isinstance(data, bool):
        return found
    if isinstance(data, int | float):
        found.add(Decimal(str(data)))
    elif isinstance(data, dict):
        for value in data.values():
            found |= json_numbers(value)
    elif isinstance(data, list):
        for value in data:
            found |= json_numbers(value)
    return found


def shown_number(value: str) -> Decimal:
    """A data-value as a number: '2300000000000', 'over 5000', '6.8'."""
    return Decimal(value.split()[-1])


def load_json(text: str) -> Any:
    return json.loads(text)
