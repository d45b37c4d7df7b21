"""`medcity site`: every page, built from the same reports the commands print.

Each page shows one or more `Report`s, the very objects whose `data` is a command's `-f json`
answer: a hub page is `medcity region HUB`, a series page `medcity history HUB METRIC`, a
source page `medcity sources ID`. So the pages show what the commands show, and change with
them. Charts are drawn by `medcity.render.chart`, as `history -f svg` draws them.
"""

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from medcity.analysis.history import history
from medcity.dataset.references import citations_in
from medcity.dataset.registry import COLLECTIONS
from medcity.render.chart import caption, draw, notes
from medcity.reports.chart_types import Chart
from medcity.reports.conflicts import conflicts_report
from medcity.reports.history import history_index, history_report
from medcity.reports.listings import regions_report, source_report, sources_report, timeline_report
from medcity.reports.national import national_report
from medcity.reports.region import region_report
from medcity.reports.report import Report
from medcity.site.html import ColumnLinks, HtmlSection, Links, Piece, html_sections
from medcity.store.index import Index
from medcity.version import __version__

HERE = Path(__file__).parent
STYLESHEET = "site.css"


class SeriesLink(NamedTuple):
    path: str  # from the site's root
    label: str
    years: str


class ChartView(NamedTuple):
    svg: Markup  # drawn by medcity.render.chart, which escapes every text it writes
    caption: str
    notes: list[str]


class Paragraph(NamedTuple):
    number: int
    records: list[tuple[str, str, str | None]]  # kind, what, the figure as written


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def built_at() -> str:
    """When the site is built, in UTC; SOURCE_DATE_EPOCH fixes it for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = (
        datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    ).replace(microsecond=0)
    return when.strftime("%Y-%m-%d %H:%M UTC")


class Site:
    """The pages of one dataset, written by `write(folder)`."""

    def __init__(self, idx: Index) -> None:
        self.idx = idx
        self.env = _environment()
        self.sources = set(idx.sources)
        self.written: list[str] = []
        self.folder = Path(".")
        self.built = built_at()

    # --- helpers --------------------------------------------------------------------------

    def links(self, path: str) -> Links:
        return Links("../" * path.count("/"), self.sources)

    def _series(self, region: str | None) -> list[SeriesLink]:
        found = history_index(self.idx, region or "national").data["figures"]
        where = region or "national"
        return [
            SeriesLink(
                f"series/{where}/{f['metric']}.html",
                self.idx.metrics[f["metric"]].label,
                f"{f['years'][0]}–{f['years'][-1]}",
            )
            for f in found
        ]

    def _page(self, path: str, template: str, title: str, **values: Any) -> None:
        links = self.links(path)
        text = self.env.get_template(template).render(
            title=title,
            root=links.root,
            stylesheet=links.page(STYLESHEET),
            version=__version__,
            built=self.built,
            source_count=len(self.idx.sources),
            **values,
        )
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.written.append(path)

    def _sections(
        self, path: str, report: Report, column_links: ColumnLinks | None = None
    ) -> list[HtmlSection]:
        return html_sections(report, self.links(path), column_links)

    def _hub_link(self, path: str) -> ColumnLinks:
        root = self.links(path).root
        ids = set(self.idx.regions)
        return {"id": lambda v: f"{root}hubs/{v}.html" if v in ids else None}

    def _source_link(self, path: str) -> ColumnLinks:
        root = self.links(path).root
        return {"id": lambda v: f"{root}sources/{v}.html" if v in self.sources else None}

    # --- pages ----------------------------------------------------------------------------

    def write(self, folder: Path) -> list[str]:
        self.folder = folder
        (folder / STYLESHEET).write_text((HERE / STYLESHEET).read_text("utf-8"), "utf-8")
        self.written.append(STYLESHEET)
        self.index()
        self.national()
        for hub in self.idx.regions:
            self.hub(hub)
        for region in [None, *self.idx.regions]:
            for link in self._series(region):
                self.series(region, link)
        self.sources_page()
        for source in self.idx.sources:
            self.source(source)
        path = "timeline.html"
        self._page(
            path,
            "page.html",
            "Timeline",
            sections=self._sections(path, timeline_report(self.idx)),
            intro="Every dated event across the hubs, in date order.",
        )
        path = "conflicts.html"
        self._page(
            path,
            "page.html",
            "Where sources differ",
            sections=self._sections(path, conflicts_report(self.idx)),
            intro=(
                "Every place where sources give different values for the same thing, and "
                "every later revision. Both values are shown; neither is chosen."
            ),
        )
        return self.written

    def index(self) -> None:
        path = "index.html"
        hubs = regions_report(self.idx)
        national = national_report(self.idx)
        self._page(
            path,
            "index.html",
            "Korea's medical and bio-health hubs",
            sections=self._sections(path, hubs, self._hub_link(path)),
            national=self._sections(path, national)[:1],
            series=self._series(None),
        )

    def national(self) -> None:
        path = "national.html"
        self._page(
            path,
            "page.html",
            "Korea: national figures",
            sections=self._sections(path, national_report(self.idx)),
            intro="The national series behind the hubs, and national targets.",
            series=self._series(None),
        )

    def hub(self, region: str) -> None:
        path = f"hubs/{region}.html"
        report = region_report(self.idx, region)
        sections = self._sections(path, report, self._source_link(path))
        name = self.idx.regions[region].name
        if sections and sections[0].title == name:  # the page's own heading says it
            sections[0] = sections[0]._replace(title="About", anchor="about")
        self._page(
            path,
            "page.html",
            name,
            sections=sections,
            intro=None,
            series=self._series(region),
            hub=region,
        )

    def series(self, region: str | None, link: SeriesLink) -> None:
        metric = link.path.rsplit("/", 1)[1].removesuffix(".html")
        result = history(self.idx, region or "national", metric)
        report = history_report(self.idx, result)
        charts = [self._chart(c, n) for n, c in enumerate(report.charts) if len(c.points) > 1]
        single = len(report.charts) - len(charts)
        intro = "One chart per series (a metric on one basis); every value is in the tables below."
        if single:
            intro += f" {single} series with a single value are in the tables only."
        self._page(
            link.path,
            "page.html",
            report.title,
            sections=self._sections(link.path, report),
            intro=intro,
            charts=charts,
        )

    def _chart(self, chart: Chart, n: int) -> ChartView:
        svg = draw(chart, standalone=False, ident=f"chart{n}", captioned=False)
        return ChartView(Markup(svg), caption(chart), notes(chart))

    def sources_page(self) -> None:
        path = "sources.html"
        self._page(
            path,
            "page.html",
            "Sources",
            sections=self._sections(path, sources_report(self.idx), self._source_link(path)),
            intro="Every document the data cites, with a page listing what cites it.",
        )

    def source(self, source: str) -> None:
        path = f"sources/{source}.html"
        report = source_report(self.idx, source)
        sections = self._sections(path, report)
        if sections and sections[0].title == source:
            sections[0] = sections[0]._replace(title="About", anchor="about")
        self._page(
            path,
            "page.html",
            self.idx.sources[source].title,
            sections=sections,
            intro=None,
            paragraphs=self._paragraphs(source),
            url=web_url(self.idx.sources[source].url),
        )

    def _paragraphs(self, source: str) -> list[Paragraph]:
        """Per paragraph cited: each record citing it, and the figure as written there."""
        found: dict[int, list[tuple[str, str, str | None]]] = {}
        for collection in COLLECTIONS:
            for record in self.idx.records(collection.name):
                for field in collection.citations:
                    for _, cite in citations_in(field, getattr(record, field)):
                        if cite.source != source:
                            continue
                        written = None
                        if field == "cite":
                            quantity = getattr(record, "quantity", None) or getattr(
                                record, "amount", None
                            )
                            written = getattr(quantity, "as_written", None)
                        what = getattr(record, "name", None) or record.id
                        entry = (collection.name, str(what), written)
                        items = found.setdefault(cite.paragraph, [])
                        if entry not in items:
                            items.append(entry)
        out = []
        for n in sorted(found):
            # A record cited twice in one paragraph is listed once, with its figure.
            written = {(kind, what) for kind, what, text in found[n] if text is not None}
            kept = [e for e in found[n] if e[2] is not None or (e[0], e[1]) not in written]
            out.append(Paragraph(n, kept))
        return out


def web_url(url: str) -> str | None:
    """A source's URL where it is a web address (http or https); never a script's."""
    return url if url.startswith(("https://", "http://")) and " " not in url else None


def write_site(idx: Index, folder: Path) -> list[str]:
    """Write every page into `folder` (which exists and is empty); the files written."""
    return Site(idx).write(folder)


__all__ = ["Piece", "Site", "write_site"]
