"""`medcity validate`: a dataset file's problems, or its record counts."""

from typing import TYPE_CHECKING

from medcity.reports.report import Cell, Column, Report, Section
from medcity.reports.wording import plural

if TYPE_CHECKING:  # the validator (pydantic) is imported only by the command that validates
    from medcity.dataset.validation import Validation


def validation_report(result: "Validation") -> Report:
    if result.problems:
        rows: list[dict[str, Cell]] = [
            {"path": p, "problem": m, "hint": h} for p, m, h in result.problems
        ]
        section = Section(
            plural(len(rows), "problem"),
            [Column("path", "JSON path"), Column("problem", "Problem"), Column("hint", "Hint")],
            rows,
            notes=[f"File: {result.path}"],
        )
        problems = [{"path": p, "problem": m, "hint": h} for p, m, h in result.problems]
        return Report(
            "validate", [section], {"path": result.path, "valid": False, "problems": problems}
        )
    counted: list[dict[str, Cell]] = [
        {"collection": k, "records": v} for k, v in result.counts.items()
    ]
    section = Section(
        "Valid",
        [Column("collection", "Collection"), Column("records", "Records", "number")],
        counted,
        notes=[f"File: {result.path}"],
    )
    data = {"path": result.path, "valid": True, "records": result.counts}
    return Report("validate", [section], data)
