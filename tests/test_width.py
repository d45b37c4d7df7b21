"""The width rules of tables for people, on hand-made sections: exact widths, exact lines.

Layout: every column at least its longest word and its header on at most two lines; a chart
takes the width that is left; a section that cannot fit is stacked, wrapped to the width with
long words broken. Citations are footnote markers with a legend under each section.
"""

from textwrap import dedent
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from medcity.dataset.names import NameIndex
from medcity.render.csv_ import RENDERER as CSV
from medcity.render.environment import Environment
from medcity.render.interface import Footnotes, number_runs, people_sections
from medcity.render.markdown import RENDERER as MARKDOWN
from medcity.render.table import (
    _STEPS,
    MAX_BAR,
    MIN_BAR,
    Shown,
    _grow,
    column_widths,
    header_width,
    narrowest,
    pack,
    shown_cells,
    wrap,
)
from medcity.render.table import RENDERER as TABLE
from medcity.reports.report import Amount, Bar, Cell, Cites, Column, Disputed, Report, Section
from medcity.text import brief, quoted, shorten


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def draw(report: Report, width: int, monkeypatch: pytest.MonkeyPatch) -> str:
    return TABLE.render(report, Environment(width=width))


def shown(columns: list[Column], rows: list[list[str]]) -> Shown:
    return Shown(columns, rows, [])


# --- column widths ---------------------------------------------------------------------------


def test_columns_that_fit_get_their_natural_width() -> None:
    s = shown([Column("a", "Name"), Column("b", "Value", "amount")], [["Gwangju", "₩1 trillion"]])
    assert column_widths(s, 80) == [7, 11]


def test_headers_take_at_most_two_lines() -> None:
    assert header_width("Implied growth") == 7
    assert header_width("Yearly growth target implies") == 14  # "Yearly growth" | "target implies"
    assert header_width("Per year (derived)") == 9  # "Per year" | "(derived)"
    assert header_width("Id") == 2
    # Short values, a long header, little room: the column is as wide as two header lines need.
    s = shown([Column("f", "Figure"), Column("g", "Yearly growth target implies")], [["x", "+5%"]])
    assert column_widths(s, 6 + 14 + 7) == [6, 14]
    assert column_widths(s, 6 + 14 + 6) is None


def test_two_line_headers_are_drawn_on_two_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    columns = [Column("f", "Figure"), Column("g", "Yearly growth target implies", "number")]
    rows: list[dict[str, Cell]] = [{"f": "Sales", "g": "+21.9%"}]
    out = draw(Report("t", [Section("T", columns, rows)]), 6 + 14 + 7, monkeypatch)
    assert out.splitlines() == [
        "T",
        "┏━━━━━━━━┳━━━━━━━━━━━━━━━━┓",
        "┃        ┃  Yearly growth ┃",
        "┃ Figure ┃ target implies ┃",
        "┡━━━━━━━━╇━━━━━━━━━━━━━━━━┩",
        "│ Sales  │         +21.9% │",
        "└────────┴────────────────┘",
    ]


def test_a_table_that_cannot_fit_is_none_and_draws_stacked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    columns = [Column("name", "Name"), Column("kind", "Kind"), Column("role", "Role")]
    rows: list[dict[str, Cell]] = [
        {"name": "Osong Medical Innovation Foundation", "kind": "foundation", "role": "support"}
    ]
    section = Section("Institutions", columns, rows)
    assert column_widths(shown_cells(section, Footnotes()), 30) is None
    out = draw(Report("t", [section]), 30, monkeypatch)
    assert out.splitlines() == [
        "Institutions",
        "",
        "▸ Osong Medical Innovation",
        "  Foundation",
        "  Kind: foundation",
        "  Role: support",
    ]


def test_long_ids_urls_and_cjk_may_break_other_words_stay_whole() -> None:
    assert narrowest("Metropolitan") == 12
    assert narrowest("Daegu-Gyeongbuk") == 9  # may break after the hyphen
    assert narrowest("2009–2038") == 5
    assert narrowest("[12,13]") == 4
    assert narrowest("https://example.com/" + "a" * 50) == 20  # long parts may break anywhere
    assert narrowest("光州医疗保健产业呈现增长趋势") == 20  # 28 cells of CJK


def test_a_chart_takes_the_width_that_is_left() -> None:
    columns = [Column("year", "Year"), Column("chart", "", "bar"), Column("source", "Source")]
    s = shown(columns, [["2020", "", "[1]"]])
    widths = column_widths(s, 60)
    assert widths == [4, 60 - 10 - 4 - 6, 6]  # 3 columns: 10 cells of borders and padding
    assert column_widths(s, 40) == [4, 20, 6]
    assert column_widths(s, 500) == [4, MAX_BAR, 6]
    assert column_widths(s, 10 + 4 + 6 + MIN_BAR) == [4, MIN_BAR, 6]
    assert column_widths(s, 10 + 4 + 6 + MIN_BAR - 1) is None


def test_charts_in_one_report_share_one_bar_width(monkeypatch: pytest.MonkeyPatch) -> None:
    columns = [
        Column("series", "Series", for_people=False),
        Column("year", "Year"),
        Column("value", "Value", "amount"),
        Column("chart", "", "bar"),
    ]
    rows: list[dict[str, Cell]] = [
        {"series": "a", "year": "2020", "value": "a much longer value", "chart": Bar(1.0)},
        {"series": "b", "year": "2021", "value": "1", "chart": Bar(0.5)},
    ]
    out = draw(Report("t", [Section("S", columns, rows, split="series")]), 60, monkeypatch)
    full = next(line for line in out.splitlines() if "2020" in line)
    half = next(line for line in out.splitlines() if "2021" in line)
    # 60 - 10 (borders and padding) - 4 (year) - 19 (value) = 27 cells of chart in both parts.
    assert full.endswith("│ " + "█" * 27 + " │")
    assert half.endswith("│ " + "█" * 13 + "▌" + " " * 13 + " │")


# --- wrapping --------------------------------------------------------------------------------


def test_wrap_breaks_words_longer_than_the_line() -> None:
    token = "investkorea-daegu-medical-industry¶2,kotra-daegu¶1"  # 51 cells, no space
    lines = wrap(f"Source: {token} end", 20, "  ", "    ")
    assert lines == [
        "  Source:",
        "    investkorea-",
        "    daegu-medical-",
        "    industry¶2,",
        "    kotra-daegu¶1",
        "    end",
    ]
    assert all(cell_len(line) <= 20 for line in lines)
    assert wrap("x" * 45, 20) == ["x" * 20, "x" * 20, "x" * 5]
    assert wrap("광주광역시 " * 3, 10) == ["광주광역시", "광주광역시", "광주광역시"]
    assert wrap("", 10) == []


def test_pack_keeps_entries_whole_where_they_fit() -> None:
    entries = ["[1] asiae-2022-04-12 ¶2", "[2] donga-2022-11-10 ¶2", "[3] kmib ¶6"]
    assert pack(entries, 50) == ["[1] asiae-2022-04-12 ¶2  [2] donga-2022-11-10 ¶2", "[3] kmib ¶6"]
    assert pack(entries, 12) == [
        "[1] asiae-",
        "  2022-04-12",
        "  ¶2",
        "[2] donga-",
        "  2022-11-10",
        "  ¶2",
        "[3] kmib ¶6",
    ]


def test_nothing_is_wider_than_40_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    token = "namdonews-gwangju-technopark-medical-industry-" * 2  # 92 cells
    columns = [Column("a", "What"), Column("b", "Note"), Column("source", "Source")]
    rows: list[dict[str, Cell]] = [
        {"a": token, "b": "word " * 30, "source": Cites((f"{token} ¶4",))}
    ]
    for width in (20, 40, 60):
        out = draw(Report("t", [Section(token, columns, rows, notes=[token])]), width, monkeypatch)
        assert max(cell_len(line) for line in out.splitlines()) <= width, out


# --- citations as footnotes ------------------------------------------------------------------


def test_markers_number_in_order_of_use_and_shorten_runs() -> None:
    notes = Footnotes()
    assert notes.marker(["b ¶1"]) == "[1]"
    assert notes.marker(["a ¶1", "b ¶1", "c ¶2"]) == "[1–3]"
    assert notes.marker(["c ¶2", "a ¶1"]) == "[2,3]"
    assert notes.marker([]) == ""
    assert notes.legend() == ["[1] b ¶1", "[2] a ¶1", "[3] c ¶2"]
    assert notes.marker(["c ¶2"]) == "[3]"
    assert notes.legend() == ["[3] c ¶2"]  # only what the next section used, its number kept
    assert number_runs([1, 2, 4, 5, 6, 9]) == "1,2,4–6,9"


def test_tables_show_markers_and_a_legend_csv_the_full_labels(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    columns = [Column("what", "What"), Column("value", "Value"), Column("source", "Source")]
    first: list[dict[str, Cell]] = [
        {"what": "Companies", "value": 500, "source": Cites(("newsis ¶4", "etnews ¶1"))},
        {"what": "Sales", "value": None, "source": Cites(("asiae ¶8",))},
    ]
    second: list[dict[str, Cell]] = [
        {"what": "Employees", "value": 9, "source": Cites(("asiae ¶8",))}
    ]
    report = Report("t", [Section("One", columns, first), Section("Two", columns, second)])
    assert draw(report, 60, monkeypatch).splitlines() == [
        "One",
        "┏━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━┓",
        "┃ What      ┃ Value      ┃ Source ┃",
        "┡━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━┩",
        "│ Companies │ 500        │ [1,2]  │",
        "│ Sales     │ not stated │ [3]    │",
        "└───────────┴────────────┴────────┘",
        "Sources: [1] newsis ¶4  [2] etnews ¶1  [3] asiae ¶8",
        "",
        "Two",
        "┏━━━━━━━━━━━┳━━━━━━━┳━━━━━━━━┓",
        "┃ What      ┃ Value ┃ Source ┃",
        "┡━━━━━━━━━━━╇━━━━━━━╇━━━━━━━━┩",
        "│ Employees │ 9     │ [3]    │",
        "└───────────┴───────┴────────┘",
        "Sources: [3] asiae ¶8",
    ]
    assert CSV.render(report).splitlines()[2:4] == [
        'Companies,500,"newsis ¶4, etnews ¶1"',
        "Sales,,asiae ¶8",
    ]
    assert MARKDOWN.render(report).splitlines()[4:9] == [
        "| Companies | 500 | [1,2] |",
        "| Sales | not stated | [3] |",
        "",
        "Sources: [1] newsis ¶4; [2] etnews ¶1; [3] asiae ¶8",
        "",
    ]


def test_disputed_values_share_a_marker_where_sources_agree(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    value = Disputed(
        (
            (Amount(501, "count"), "asiae ¶8"),
            (Amount(519, "count"), "yonhap ¶2"),
            (Amount(501, "count"), "namdonews ¶4"),
        )
    )
    columns = [Column("what", "What"), Column("value", "Values", "amount")]
    report = Report("t", [Section("S", columns, [{"what": "Companies", "value": value}])])
    lines = draw(report, 60, monkeypatch).splitlines()
    assert lines[4:6] == [
        "│ Companies │ disputed: 501 [1,2] │",
        "│           │          vs 519 [3] │",  # each value on its line, numbers to the right
    ]
    assert lines[-1] == "Sources: [1] asiae ¶8  [2] namdonews ¶4  [3] yonhap ¶2"
    assert CSV.render(report).splitlines()[1] == (
        "Companies,disputed: 501 [asiae ¶8]; 519 [yonhap ¶2]; 501 [namdonews ¶4]"
    )


# --- what a column does not apply to ---------------------------------------------------------


def test_a_column_may_read_blank_where_it_does_not_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    columns = [
        Column("name", "Budget"),
        Column("amount", "Amount", "amount"),
        Column("flag", "Disputed", missing=""),
        Column("machine", "Id", for_people=False),
        Column("people", "Note", for_machines=False),
    ]
    rows: list[dict[str, Cell]] = [
        {"name": "A", "amount": None, "flag": "disputed", "machine": "a", "people": "x"},
        {"name": "B", "amount": Amount(5, "count"), "flag": None, "machine": "b", "people": "y"},
    ]
    section = Section("Budgets", columns, rows)
    table = draw(Report("t", [section]), 80, monkeypatch)
    assert "│ A      │ not stated │ disputed │ x    │" in table
    assert "│ B      │          5 │          │ y    │" in table
    # Stacked, as on the screen; B has no "Disputed:" line, since its flag says nothing.
    assert draw(Report("t", [section]), 20, monkeypatch) == dedent(
        """\
        Budgets

        ▸ A
          Amount: not stated
          Disputed: disputed
          Note: x

        ▸ B
          Amount: 5
          Note: y
        """
    )
    assert CSV.render(Report("t", [section])).splitlines() == [
        "name,amount,flag,machine",
        "A,,disputed,a",
        "B,5,,b",
    ]


def test_a_split_section_is_one_part_per_value_for_people() -> None:
    columns = [Column("series", "Series"), Column("year", "Year")]
    rows: list[dict[str, Cell]] = [
        {"series": "Sales, actual", "year": "2020"},
        {"series": "Sales, target", "year": "2030"},
        {"series": "Sales, actual", "year": "2021"},
    ]
    section = Section("Gwangju", columns, rows, notes=["n"], split="series")
    parts = people_sections(Report("t", [section]))
    assert [(p.title, [r["year"] for r in p.rows], p.notes) for p in parts] == [
        ("Gwangju: Sales, actual", ["2020", "2021"], []),
        ("Gwangju: Sales, target", ["2030"], ["n"]),
    ]
    assert [c.key for c in parts[0].columns] == ["year"]
    assert CSV.render(Report("t", [section])).splitlines()[0] == "series,year"


# --- messages that echo input ----------------------------------------------------------------


def test_echoed_input_is_cut_to_one_short_line() -> None:
    assert quoted("gwanju") == "'gwanju'"
    assert quoted("x" * 100_000) == "'" + "x" * 59 + "…'"
    assert quoted("\x1b" * 100) == "'" + "\\x1b" * 15 + "…'"  # an escape is never cut in two
    assert shorten("abc", 2) == "a…"
    message = "Invalid value for '--format': '" + "y" * 5000 + "' is not one of 'table'."
    assert (
        brief(message) == "Invalid value for '--format': '" + "y" * 39 + "…' is not one of 'table'."
    )
    assert len(brief("z " * 1000)) == 300


def test_unknown_names_read_in_one_short_line() -> None:
    names = NameIndex("region")
    for rid in ("gwangju", "daegu-gyeongbuk", "daegu-gyeongbuk-medical-cluster", "wonju"):
        names.add(rid, [])
    with pytest.raises(Exception) as found:
        names.resolve("x" * 100_000)
    assert str(found.value) == "no region named '" + "x" * 59 + "…'"
    with pytest.raises(Exception) as near:
        names.resolve("daegu-gyeongbuk-medical-clust" + "e" * 60)
    assert len(str(near.value)) <= 200
    with pytest.raises(Exception) as close:
        names.resolve("gwanju")
    assert str(close.value) == "no region named 'gwanju'; did you mean gwangju or wonju?"


def test_an_id_outranks_another_records_label() -> None:
    names = NameIndex("figure")
    names.add("production-inducement", ["Induced production"])
    names.add("induced-production", ["Induced production (effect)"])
    assert names.find("induced-production") == "induced-production"
    assert names.find("Induced production") == "induced-production"
    assert names.find("production inducement") == "production-inducement"


def _grow_as_stated(
    widths: list[int],
    natural: list[int],
    spare: int,
    lengths: list[list[list[int]]],
    weights: list[int],
) -> int:
    """render.table._grow's rule written plainly, every count recomputed at every step: the
    solver, which remembers what it counted, must choose exactly the same widths."""

    def lines(row: list[list[int]], n: int, width: int) -> int:
        return sum(-(-size // width) for size in row[n]) or 1

    while spare > 0:
        counts = [[lines(row, n, w) for n, w in enumerate(widths)] for row in lengths]
        best, best_gain, best_grow = -1, 0.0, 0
        for n, (w, full) in enumerate(zip(widths, natural, strict=True)):
            others = [
                max((c for m, c in enumerate(count) if m != n), default=0) for count in counts
            ]
            for grow in sorted({min(g, full - w, spare) for g in _STEPS if full > w}):
                gain = 0
                for row, count, other in zip(lengths, counts, others, strict=True):
                    after = lines(row, n, w + grow)
                    gain += 4 * (max(other, count[n]) - max(other, after))
                    gain += weights[n] * (count[n] - after)
                if gain / grow > best_gain:
                    best, best_gain, best_grow = n, gain / grow, grow
        if best < 0:
            break
        widths[best] += best_grow
        spare -= best_grow
    return spare


@st.composite
def _width_problems(draw: st.DrawFn) -> tuple[list[int], list[int], int, list[Any], list[int]]:
    columns = draw(st.integers(1, 6))
    rows = draw(st.integers(0, 12))
    lengths = [
        [draw(st.lists(st.integers(0, 90), min_size=1, max_size=3)) for _ in range(columns)]
        for _ in range(rows)
    ]
    widths = [draw(st.integers(1, 20)) for _ in range(columns)]
    natural = [w + draw(st.integers(0, 70)) for w in widths]
    weights = [draw(st.sampled_from([1, 2])) for _ in range(columns)]
    return widths, natural, draw(st.integers(0, 120)), lengths, weights


@settings(max_examples=400, deadline=None)
@given(problem=_width_problems())
def test_the_width_solver_chooses_what_its_rule_states(
    problem: tuple[list[int], list[int], int, list[Any], list[int]],
) -> None:
    widths, natural, spare, lengths, weights = problem
    stated = list(widths)
    left = _grow_as_stated(stated, natural, spare, lengths, weights)
    assert _grow(widths, natural, spare, lengths, weights) == left
    assert widths == stated
