"""`medcity site -o DIR`: a static site of the dataset that opens from disk.

`build.py` writes the pages from the reports the commands print, through the Jinja2 templates
in `templates/` (autoescaped) and one stylesheet, `site.css`; `target.py` decides whether a
folder may be written or replaced.
"""

from pathlib import Path

from medcity.store.index import Index


def write(idx: Index, target: Path, force: bool = False) -> str:
    """Write the site to `target`; returns a one-line summary."""
    from medcity.site.build import Site
    from medcity.site.target import write_folder

    site = Site(idx)
    write_folder(target, force, site.write)
    pages = sum(1 for f in site.written if f.endswith(".html"))
    return f"wrote {target}/ ({pages} pages; open {target / 'index.html'})"
