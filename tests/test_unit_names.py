"""NameIndex on a handful of names: normalising, finding, suggesting and resolving."""

import unicodedata

import pytest

from medcity.dataset.names import NameIndex, normalize
from medcity.errors import ExitCode, NotFoundError


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Daegu-Gyeongbuk", "daegu-gyeongbuk"),
        ("DAEGU GYEONGBUK", "daegu-gyeongbuk"),
        ("daegu_gyeongbuk", "daegu-gyeongbuk"),
        ("  daegu \t gyeongbuk  ", "daegu-gyeongbuk"),
        ("Daegu·Gyeongbuk", "daegu-gyeongbuk"),  # middle dot
        ("Daegu・Gyeongbuk", "daegu-gyeongbuk"),  # katakana middle dot
        ("daegu.gyeongbuk", "daegu-gyeongbuk"),
        ("daegu, gyeongbuk", "daegu-gyeongbuk"),
        ("daegu--__gyeongbuk", "daegu-gyeongbuk"),  # a run of separators is one
        ("-daegu-", "daegu"),  # none at the ends
        ("Ｄａｅｇｕ－Ｇｙｅｏｎｇｂｕｋ", "daegu-gyeongbuk"),  # full-width letters and hyphen
        ("Daegu\u3000Gyeongbuk", "daegu-gyeongbuk"),  # ideographic space
        ("Straße", "strasse"),  # casefold, not lower
        ("ﬁrst", "first"),  # compatibility ligature
        ("K-BIO", "k-bio"),
        ("", ""),
    ],
)
def test_normalize(typed: str, key: str) -> None:
    assert normalize(typed) == key


def test_normalize_joins_decomposed_hangul() -> None:
    composed = "대구경북"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed and len(decomposed) > len(composed)
    assert normalize(decomposed) == normalize(composed) == "대구경북"


@pytest.fixture
def names() -> NameIndex:
    index = NameIndex("region")
    index.add("osong", ["Osong", "오송", "Osong Bio Valley"])
    index.add("daegu-gyeongbuk", ["Daegu-Gyeongbuk", "대구경북", None])
    index.add("daejeon", ["Daejeon"])
    index.add("daegu", ["Daegu"])
    return index


@pytest.mark.parametrize(
    ("typed", "rid"),
    [
        ("osong", "osong"),  # the id is a name
        ("OSONG", "osong"),
        ("오송", "osong"),
        (unicodedata.normalize("NFD", "오송"), "osong"),
        ("osong bio valley", "osong"),
        ("Osong_Bio_Valley", "osong"),
        ("Ｏｓｏｎｇ", "osong"),
        ("daegu gyeongbuk", "daegu-gyeongbuk"),
        ("대구경북", "daegu-gyeongbuk"),
        ("Daegu", "daegu"),
        ("daejeon", "daejeon"),
    ],
)
def test_find(names: NameIndex, typed: str, rid: str) -> None:
    assert names.find(typed) == rid
    assert names.resolve(typed) == rid


@pytest.mark.parametrize("typed", ["osng", "dae", "대구", "", "-", "osong bio"])
def test_find_is_exact_after_normalising(names: NameIndex, typed: str) -> None:
    assert names.find(typed) is None


def test_first_record_keeps_a_shared_name() -> None:
    index = NameIndex()
    index.add("a", ["Same"])
    index.add("b", ["same"])
    assert index.find("SAME") == "a"
    assert index.find("b") == "b"


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("osng", ["osong"]),
        ("dagu", ["daegu"]),
        ("daejon", ["daejeon"]),
        ("대구경복", ["daegu-gyeongbuk"]),
        # close spellings first, then names the text begins
        ("daeg", ["daegu", "daegu-gyeongbuk"]),
        ("dae", ["daegu", "daejeon", "daegu-gyeongbuk"]),
        ("대구", ["daegu-gyeongbuk"]),  # a prefix of an alias
        ("osong bio", ["osong"]),  # one id however many of its names match
        ("zzz", []),
        ("", []),
    ],
)
def test_suggest(names: NameIndex, typed: str, suggested: list[str]) -> None:
    assert names.suggest(typed) == suggested


def test_suggest_limit(names: NameIndex) -> None:
    assert names.suggest("dae", limit=1) == ["daegu"]
    assert names.suggest("dae", limit=2) == ["daegu", "daejeon"]


def test_resolve_suggests_the_closest_names(names: NameIndex) -> None:
    with pytest.raises(NotFoundError) as caught:
        names.resolve("dae")
    assert (
        caught.value.message
        == "no region named 'dae'; did you mean daegu or daejeon or daegu-gyeongbuk?"
    )
    assert caught.value.exit_code == ExitCode.NOT_FOUND


def test_resolve_without_a_close_name_suggests_nothing(names: NameIndex) -> None:
    with pytest.raises(NotFoundError) as caught:
        names.resolve("zzz")
    assert caught.value.message == "no region named 'zzz'"


def test_resolve_names_the_kind_it_looks_up() -> None:
    index = NameIndex("agency")
    index.add("kbio", ["K-Bio Health Foundation"])
    with pytest.raises(NotFoundError, match=r"^no agency named 'kbi'; did you mean kbio\?$"):
        index.resolve("kbi")


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("os\nng", "'os\\nng'"),
        ("\x1b[2Jx", "'\\x1b[2Jx'"),
        ("x\u202e", "'x\\u202e'"),
    ],
)
def test_resolve_message_is_one_line_with_the_input_escaped(
    names: NameIndex, typed: str, shown: str
) -> None:
    with pytest.raises(NotFoundError) as caught:
        names.resolve(typed)
    message = caught.value.message
    assert message.startswith(f"no region named {shown}")
    assert "\n" not in message and "\x1b" not in message and "\u202e" not in message


def test_resolve_message_cuts_a_long_input(names: NameIndex) -> None:
    with pytest.raises(NotFoundError) as caught:
        names.resolve("osong" + "x" * 300)
    assert caught.value.message == f"no region named {'osong' + 'x' * 54 + '…'!r}"
