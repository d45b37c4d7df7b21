"""Key figures of a region or the nation: per thing measured, the latest value of each kind."""

from typing import Any, NamedTuple

from medcity.analysis.like import KINDS, Like, like
from medcity.analysis.series import Growth, agreed, latest, target_growth
from medcity.dataset.models import Figure
from medcity.dataset.serialize import dump
from medcity.reports.cells import cites, figures_cell, like_json, like_label
from medcity.reports.report import Cell, Column
from medcity.reports.tidy import VALUE_COLUMNS, Row, figure_cells
from medcity.reports.wording import NOT_COMPUTABLE
from medcity.store.index import Index

KIND_HEADERS = {
    "actual": "Latest actual",
    "target": "Target",
    "projection": "Projection",
    "rule": "Rule",
}


class KeyFigure(NamedTuple):
    """What one row measures (a Like key without its kind) and its latest value per kind."""

    key: Like  # kind set to "actual" for the row; each column has its own kind
    latest: dict[str, list[Figure]]
    implied: Growth | None  # the yearly rate the target implies from the actual

    @property
    def figures(self) -> list[Figure]:
        return [f for kind in KINDS for f in self.latest.get(kind, [])]


def key_figures(idx: Index, figures: list[Figure]) -> list[KeyFigure]:
    """Rows in the metrics' order; figures about a single project are left to its profile."""
    groups: dict[Like, dict[str, list[Figure]]] = {}
    for f in figures:
        if f.project is None:
            row = like(f)._replace(kind="actual")
            groups.setdefault(row, {}).setdefault(f.kind, []).append(f)
    order = {m: i for i, m in enumerate(idx.metrics)}
    rows = []
    for key in sorted(groups, key=lambda k: (order[k.metric], k.basis != _default(idx, k), k)):
        newest = {kind: latest(figs) for kind, figs in groups[key].items()}
        actual, target = agreed(newest.get("actual", [])), agreed(newest.get("target", []))
        implied = target_growth(actual, target) if actual and target else None
        rows.append(KeyFigure(key, newest, implied))
    return rows


def _default(idx: Index, key: Like) -> str:
    return idx.metrics[key.metric].default_basis


def key_figure_columns(rows: list[KeyFigure]) -> list[Column]:
    kinds = [k for k in KINDS if any(k in r.latest for r in rows)]
    columns = [Column("figure", "Figure")]
    columns += [Column(k, KIND_HEADERS[k], "amount") for k in kinds]
    if any(r.implied is not None and r.implied.percent is not None for r in rows):
        columns.append(Column("growth", "Implied growth", "number"))
    columns.append(Column("sources", "Sources"))
    return columns


def row_label(idx: Index, row: KeyFigure) -> str:
    return like_label(idx, row.key).removesuffix(", actual")


# CSV: one row per figure (citation) of each key figure, with the rate its target implies.
KEY_FIGURE_TIDY_COLUMNS = ["row", *VALUE_COLUMNS, "implied_growth_percent"]


def key_figure_tidy(idx: Index, rows: list[KeyFigure]) -> list[Row]:
    out: list[Row] = []
    for row in rows:
        label = row_label(idx, row)
        rate = row.implied.percent if row.implied is not None else None
        out += [
            {"row": label, **figure_cells(f), "implied_growth_percent": rate} for f in row.figures
        ]
    return out


def key_figure_cells(idx: Index, row: KeyFigure) -> dict[str, Cell]:
    label = row_label(idx, row)
    cells: dict[str, Cell] = {"figure": label}
    for kind in KINDS:
        cells[kind] = figures_cell(idx, row.latest.get(kind, []))
    implied = row.implied
    cells["growth"] = (
        f"{implied.percent}%" if implied is not None and implied.percent is not None else None
    )
    cells["sources"] = cites(*[f.cite for f in row.figures])
    return cells


def key_figure_json(row: KeyFigure) -> dict[str, Any]:
    key = like_json(row.key)
    del key["kind"]
    out: dict[str, Any] = {**key}
    for kind in KINDS:
        out["latest_" + kind] = [dump(f) for f in row.latest.get(kind, [])]
    implied = row.implied
    out["implied_yearly_growth_percent"] = implied.percent if implied else None
    if implied is not None and implied.reason:
        out["implied_yearly_growth_reason"] = f"{NOT_COMPUTABLE}: {implied.reason}"
    return out
