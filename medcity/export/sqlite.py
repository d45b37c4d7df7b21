"""The export's SQLite database, made with sqlite-utils from the tables of export.columns.

sqlite-utils creates each table from its declared columns (types, primary key, foreign keys)
and inserts the rows in batches; medcity writes no DDL or INSERT by hand.
"""

from pathlib import Path

from medcity.dataset.models import Dataset
from medcity.export.columns import Table, rows, tables


def write_sqlite(path: Path, data: Dataset) -> int:
    """Write every table to a new database at `path`; returns the number of tables."""
    import sqlite_utils

    path.unlink(missing_ok=True)
    db = sqlite_utils.Database(path)
    try:
        made = tables()
        for table in made:
            db[table.name].create(  # type: ignore[union-attr]
                {c.name: c.type for c in table.columns},
                pk=table.key,
                foreign_keys=[
                    (c.name, c.references, _key(made, c.references))
                    for c in table.columns
                    if c.references is not None
                ],
            )
            db[table.name].insert_all(rows(data, table.name), batch_size=500)  # type: ignore[union-attr]
        db.conn.commit()
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # the dataset was validated, so this is a bug in the export itself
            raise RuntimeError(f"foreign key check failed: {problems[:3]}")
        db.execute("VACUUM")
    finally:
        db.close()
    return len(made)


def _key(made: list[Table], name: str) -> str:
    key = next(t.key for t in made if t.name == name)
    if key is None:
        raise KeyError(name)  # a link table is never referenced
    return key
