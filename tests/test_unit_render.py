"""The renderers and their shared cell formatting, on reports built by hand.

Table tests keep to behaviour that does not depend on the column-width rules: markup and
escape sequences in cells, and the one-line form of an empty section.
"""

import pytest

from medcity.render import FORMATS, renderer
from medcity.render.environment import Environment
from medcity.render.interface import (
    bar_text,
    cell_raw,
    cell_text,
    people_columns,
    sanitize,
    sanitize_line,
)
from medcity.reports.report import Amount, Bar, Cell, Column, Disputed, Report, Section


@pytest.fixture
def plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")


# --- interface: sanitize --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain 한글 text", "plain 한글 text"),
        ("\x1b[31mred", "\\x1b[31mred"),  # ESC: a colour would start
        ("\x07bell", "\\x07bell"),
        ("a\x00b", "a\\x00b"),
        ("del\x7f", "del\\x7f"),
        ("\x9b31m", "\\x9b31m"),  # the one-byte C1 form of ESC [
        ("\x85", "\\x85"),  # C1 next-line
        ("evil\u202etxt.exe", "evil\\u202etxt.exe"),  # right-to-left override
        ("\u2066isolate\u2069", "\\u2066isolate\\u2069"),
        ("carriage\rreturn", "carriage\\x0dreturn"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),  # layout is the caller's
    ],
)
def test_sanitize_makes_control_characters_visible(text: str, expected: str) -> None:
    assert sanitize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two\nlines", "two lines"),
        ("windows\r\nline", "windows line"),
        ("a\tb", "a b"),
        ("lone\rCR", "lone\\x0dCR"),
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
    ],
)
def test_sanitize_line_keeps_one_line(text: str, expected: str) -> None:
    assert sanitize_line(text) == expected


# --- interface: cells -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text", "raw"),
    [
        (None, "not stated", ""),
        (1234567, "1,234,567", "1234567"),
        (0, "0", "0"),
        (2.5, "2.5", "2.5"),
        ("a\nb\x1b", "a b\\x1b", "a b\\x1b"),
        (Amount(2_300_000_000_000, "KRW"), "₩2.3 trillion", "2300000000000"),
        (Amount(200, "count", bound="over", when="2023"), "over 200 (2023)", "over 200"),
        (Amount(6_800, "count", bound="about"), "about 6,800", "about 6800"),
        (
            Amount(153_333_333_333, "KRW", when="2019–2021", derived=True, basis="one complex"),
            "≈ ₩153.3 billion (2019–2021; one complex)",
            "153333333333",
        ),
        (Amount(6.8, "percent"), "6.8%", "6.8"),
        (Amount(1_000, "USD"), "US$1,000", "1000"),
        (
            Disputed(((Amount(5, "count"), "src-a"), ("about 7", "src-b"))),
            "disputed: 5 [src-a] vs about 7 [src-b]",
            "disputed: 5 [src-a]; about 7 [src-b]",
        ),
        (
            Disputed(((Amount(10**9, "KRW", "under"), "src-a"), (Amount(2, "KRW"), "src-b"))),
            "disputed: under ₩1 billion [src-a] vs ₩2 [src-b]",
            "disputed: under 1000000000 [src-a]; 2 [src-b]",
        ),
        (Bar(0.5), "████████████", "0.5000"),
        (Bar(1 / 3), "████████", "0.3333"),
    ],
)
def test_cell_text_and_raw(value: Cell, text: str, raw: str) -> None:
    assert cell_text(value, "not stated") == text
    assert cell_raw(value) == raw


def test_cell_text_uses_the_sections_word_for_missing() -> None:
    assert cell_text(None, "—") == "—"
    assert cell_text(None, "") == ""


def test_disputed_cell_is_sanitized() -> None:
    cell = Disputed((("\x1b[2J", "src\nx"),))
    assert cell_text(cell, "") == "disputed: \\x1b[2J [src x]"
    assert cell_raw(cell) == "disputed: \\x1b[2J [src x]"


@pytest.mark.parametrize(
    ("bar", "text"),
    [
        (Bar(1.0), "█" * 24),
        (Bar(2.0), "█" * 24),  # clamped to the column
        (Bar(1 / 24 + 3 / 192), "█▍"),  # one cell and three eighths
        (Bar(0.0001), "▏"),  # something is never drawn as nothing
        (Bar(0.0), ""),
        (Bar(-1.0), ""),
        (Bar(0.5, target=True), "░" * 12),
        (Bar(0.001, target=True), ""),
        (Bar(0.01, target=True), "░"),
    ],
)
def test_bar_text(bar: Bar, text: str) -> None:
    assert bar_text(bar) == text


# --- interface: people_columns --------------------------------------------------------------

COLUMNS = [
    Column("name", "Name"),
    Column("firms", "Firms", "number"),
    Column("id", "Id", for_people=False),
    Column("note", "Note"),
]


def keys(section: Section) -> list[str]:
    return [c.key for c in people_columns(section)]


def test_people_columns_drops_all_empty_columns_and_machine_columns() -> None:
    rows: list[dict[str, Cell]] = [
        {"name": "A", "firms": 1, "id": "a", "note": None},
        {"name": "B", "firms": None, "id": "b"},
    ]
    assert keys(Section("T", COLUMNS, rows)) == ["name", "firms"]


def test_people_columns_never_drops_the_first_column() -> None:
    section = Section("T", COLUMNS, [{"name": None, "firms": 3}])
    assert keys(section) == ["name", "firms"]


def test_people_columns_keeps_a_column_filled_only_in_totals() -> None:
    section = Section("T", COLUMNS, [{"name": "A"}], totals=[{"name": "Total", "note": "x"}])
    assert keys(section) == ["name", "note"]


def test_people_columns_of_a_section_without_rows_keeps_every_column_for_people() -> None:
    assert keys(Section("T", COLUMNS, [])) == ["name", "firms", "note"]


def test_a_zero_is_not_an_empty_column() -> None:
    section = Section("T", COLUMNS, [{"name": "A", "firms": 0, "note": ""}])
    assert keys(section) == ["name", "firms", "note"]


# --- the report every renderer draws --------------------------------------------------------


def hubs() -> Section:
    return Section(
        "Hubs",
        [
            Column("name", "Name"),
            Column("firms", "Firms", "number"),
            Column("budget", "Budget", "amount"),
            Column("id", "Id", for_people=False),
            Column("blank", "Blank"),
        ],
        [
            {
                "name": "Osong",
                "firms": 1234,
                "budget": Amount(2_300_000_000_000, "KRW", when="2023"),
                "id": "osong",
            },
            {
                "name": "Da|egu",
                "firms": None,
                "budget": Disputed(((Amount(5, "count"), "src-a"), ("over 7", "src-b"))),
                "id": "daegu",
            },
        ],
        notes=["Counts are companies."],
        totals=[{"name": "Total", "firms": 1234}],
    )


def nothing() -> Section:
    return Section("Nothing", [Column("a", "A")], [], empty="No figures.")


def report() -> Report:
    return Report("Hubs", [hubs(), nothing()], data={"hubs": [{"id": "osong", "firms": 1234}]})


@pytest.mark.usefixtures("plain_terminal")
def test_every_format_renders_a_report_ending_in_a_newline() -> None:
    assert sorted(FORMATS) == ["csv", "json", "markdown", "svg", "table"]
    for name in ("csv", "json", "markdown", "table"):  # svg draws history charts only
        out = renderer(name).render(report())
        assert out.endswith("\n") and not out.endswith("\n\n"), name


# --- JSON -----------------------------------------------------------------------------------


def test_json_prints_the_data_not_the_sections() -> None:
    assert renderer("json").render(report()) == (
        '{\n  "hubs": [\n    {\n      "id": "osong",\n      "firms": 1234\n    }\n  ]\n}\n'
    )


def test_json_keeps_unicode_and_escapes_what_a_terminal_would_act_on() -> None:
    data = {"name": "오송 \x1b[2J\x9b\u202e\x7f"}
    assert renderer("json").render(Report("T", [], data)) == (
        '{\n  "name": "오송 \\u001b[2J\\u009b\\u202e\\u007f"\n}\n'
    )


def test_json_builds_the_data_on_demand_and_once() -> None:
    calls: list[int] = []

    def build() -> list[int]:
        calls.append(1)
        return [1, 2]

    made = Report("T", [], build=build)
    assert calls == []
    assert renderer("json").render(made) == "[\n  1,\n  2\n]\n"
    assert made.data == [1, 2]
    assert calls == [1]


# --- CSV ------------------------------------------------------------------------------------


HUBS_CSV = (
    "name,firms,budget,id,blank\n"
    "Osong,1234,2300000000000,osong,\n"
    "Da|egu,,disputed: 5 [src-a]; over 7 [src-b],daegu,\n"
    "Total,1234,,,\n"
)


def test_csv_one_section_is_plain_csv_with_every_column_and_raw_values() -> None:
    assert renderer("csv").render(Report("T", [hubs()])) == HUBS_CSV


def test_csv_several_sections_are_titled_blocks() -> None:
    assert renderer("csv").render(report()) == "# Hubs\n" + HUBS_CSV + "\n# Nothing\na\n"


def test_csv_quotes_commas_and_quotes_and_keeps_each_row_on_one_line() -> None:
    section = Section("T\x1b", [Column("a", "A")], [{"a": 'say "hi", twice\nnow\x1b'}])
    assert renderer("csv").render(Report("T", [section, section])) == (
        '# T\\x1b\na\n"say ""hi"", twice now\\x1b"\n\n# T\\x1b\na\n"say ""hi"", twice now\\x1b"\n'
    )


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_tables_for_people() -> None:
    assert renderer("markdown").render(report()) == (
        "## Hubs\n"
        "\n"
        "| Name | Firms | Budget |\n"
        "| --- | ---: | ---: |\n"
        "| Osong | 1,234 | ₩2.3 trillion (2023) |\n"
        "| Da\\|egu | not stated | disputed: 5 [1] vs over 7 [2] |\n"
        "| Total | 1,234 |  |\n"
        "\n"
        "Sources: [1] src-a; [2] src-b\n"
        "\n"
        "_Counts are companies._\n"
        "\n"
        "## Nothing\n"
        "\n"
        "No figures.\n"
    )


def test_markdown_escapes_pipes_and_backslashes_and_sanitizes_everywhere() -> None:
    section = Section(
        "A|B\x1b",
        [Column("a", "Col|\\"), Column("b", "")],
        [{"a": "x\\|y\nz", "b": 1}],
        missing="—",
        notes=["n|\x07"],
    )
    assert renderer("markdown").render(Report("T", [section])) == (
        "## A\\|B\\\\x1b\n"
        "\n"
        "| Col\\|\\\\ |   |\n"
        "| --- | --- |\n"
        "| x\\\\\\|y z | 1 |\n"
        "\n"
        "_n\\|\\\\x07_\n"
    )


def test_markdown_missing_values_use_the_sections_word() -> None:
    section = Section("T", [Column("a", "A"), Column("b", "B")], [{"a": "x", "b": 1}, {"a": "y"}])
    section.missing = "—"
    assert renderer("markdown").render(Report("T", [section])).splitlines()[-1] == "| y | — |"


# --- Table (behaviour independent of the width rules) ---------------------------------------


HOSTILE = "[bold red]loud[/] :smile: \x1b[2J\x9b\u202e"
SHOWN = "[bold red]loud[/] :smile: \\x1b[2J\\x9b\\u202e"


def hostile_section() -> Section:
    return Section(
        HOSTILE,
        [Column("a", HOSTILE), Column("b", "B")],
        [{"a": HOSTILE, "b": "[link=http://x]y[/link]"}],
        notes=[HOSTILE],
    )


@pytest.mark.usefixtures("plain_terminal")
def test_table_prints_markup_literally_and_neutralises_escapes() -> None:
    out = renderer("table").render(Report("T", [hostile_section()]))
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    # title, header, cell and note: each shown whole, as written, escapes made visible
    assert out.count(SHOWN) == 4
    assert "[link=http://x]y[/link]" in out
    assert "😄" not in out


@pytest.mark.usefixtures("plain_terminal")
def test_table_too_narrow_for_a_grid_still_neutralises_escapes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = renderer("table").render(Report("T", [hostile_section()]), Environment(width=20))
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    assert "[bold" in out and "\\x1b[2J\\x9b\\u202e" in out


@pytest.mark.usefixtures("plain_terminal")
def test_table_empty_section_is_its_title_and_one_plain_line() -> None:
    section = Section("Nothing\x1b", [Column("a", "A")], [], empty="No [b]figures[/b].\x1b")
    assert renderer("table").render(Report("T", [section])) == (
        "Nothing\\x1b\nNo [b]figures[/b].\\x1b\n"
    )


@pytest.mark.usefixtures("plain_terminal")
def test_table_without_colour_writes_no_escape_sequences() -> None:
    out = renderer("table").render(report())
    assert "\x1b" not in out
    assert out.endswith("\n\nNothing\nNo figures.\n")
