"""Where things live: every path is resolved from the project root, never from the working directory.

JupyterLab and nbval start kernels in the notebook's folder, papermill in the caller's; resolving from a
marker file makes the same code work in all three.
"""

from __future__ import annotations

import os
from pathlib import Path

MARKER = ".claimkit-root"


def project_root(start: str | Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: this package, then the cwd) holding the marker.

    ``CLAIMKIT_ROOT`` overrides the search (useful for an installed, non-editable kit).
    """
    env = os.environ.get("CLAIMKIT_ROOT")
    if env:
        return Path(env).resolve()
    candidates = [Path(start)] if start is not None else [Path(__file__), Path.cwd()]
    for base in candidates:
        for folder in [base.resolve(), *base.resolve().parents]:
            if (folder / MARKER).is_file():
                return folder
    raise FileNotFoundError(
        f"cannot find the claimkit project root (a folder holding {MARKER}); set CLAIMKIT_ROOT"
    )


def raw_dir() -> Path:
    return project_root() / "data" / "raw"


def processed_dir() -> Path:
    return project_root() / "data" / "processed"


def reference_dir() -> Path:
    return project_root() / "data" / "reference"


def reports_dir() -> Path:
    return project_root() / "reports"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"
