"""Events as happenings: the records that tell of one happening (one `about`) are one row with
every citation, its date as precise as the sources agree on, or disputed where they differ."""

from collections.abc import Iterable
from typing import NamedTuple

from medcity.dataset.models import Event


class Happening(NamedTuple):
    about: str
    events: list[Event]  # every record that tells of it, most precisely dated first

    @property
    def first(self) -> Event:
        """The record that speaks for the row: the most precisely dated."""
        return self.events[0]

    @property
    def regions(self) -> list[str | None]:
        """Every hub it belongs to (None: the nation), in the order first given."""
        found: dict[str | None, None] = {}
        for e in self.events:
            found[e.region] = None
            for other in e.also:
                found[other] = None
        return list(found)

    @property
    def date_disputed(self) -> bool:
        return any(not same_date(a, b) for a in self.events for b in self.events)

    @property
    def dates(self) -> list[Event]:
        """One record per date the sources give, where they differ (most precise first)."""
        shown: list[Event] = []
        for e in self.events:
            if not any(same_date(e, s) for s in shown):
                shown.append(e)
        return shown


def same_date(a: Event, b: Event) -> bool:
    """Dates agree unless a part both state differs: "2009" agrees with "2009-08-10"."""
    pairs = ((a.year, b.year), (a.month, b.month), (a.day, b.day))
    return all(x is None or y is None or x == y for x, y in pairs)


def _precision(e: Event) -> int:
    return (e.year is not None) + (e.month is not None) + (e.day is not None)


def happenings(events: Iterable[Event]) -> list[Happening]:
    """The events grouped by what happened, in date order (undated ones last)."""
    groups: dict[str, list[Event]] = {}
    for e in events:
        groups.setdefault(e.about, []).append(e)
    found = [
        Happening(about, sorted(group, key=lambda e: -_precision(e)))
        for about, group in groups.items()
    ]
    found.sort(key=lambda h: event_order(h.first))
    return found


def event_order(e: Event) -> tuple[int, int, int, int]:
    """Date order: year, month, day; undated events last."""
    return (e.year is None, e.year or 0, e.month or 0, e.day or 0)
