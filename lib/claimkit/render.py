"""Render a parameterized notebook headless: papermill runs it, nbconvert turns a successful run into HTML.

Papermill only warns about unknown parameters and never checks types, so ``validate_parameters`` is the
guard; a failed run keeps its executed notebook (papermill writes the error into it) and never publishes
HTML. Layout: ``reports/<run_date>/<name>.ipynb`` and ``.html``, plus ``reports/index.html``.
"""

from __future__ import annotations

import ast
import html
import json
import os
import re
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

import nbformat
import papermill
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from papermill.exceptions import PapermillExecutionError
from traitlets.config import Config

from .errors import ParameterError, RenderError
from .figures import (
    OFFLINE_RENDERER as PLOTLY_RENDERER,  # set for the kernel (NOTEBOOKS.md)
)
from .paths import notebooks_dir, project_root, reports_dir
from .store import atomic_path

_PLOTLY_MATHJAX = re.compile(r'<script src="https://cdnjs\.cloudflare\.com/ajax/libs/mathjax/[^"<>]*"></script>')
TEMPLATES = Path(__file__).parent / "templates"  # claimkit_report: the lab page minus CDN scripts
REMOVE_CELL_TAG = "remove_cell"
SUMMARY_SUFFIX = ".summary.json"
FAILED_SUFFIX = ".failed.json"  # beside a kept report: why the latest render of it failed, and when
SUMMARY_COUNTS = ("articles", "claims", "findings_high", "findings_total", "findings_open")
# The kernel's sockets are encrypted (CurveZMQ keys provisioned by the kernel manager when the kernelspec
# declares support, as ipykernel's does): otherwise ipykernel warns on every start that it "is running
# over TCP without encryption", which every render printed. The kernel process's own log is kept to
# critical messages: jupyter_client interrupts a kernel before shutting it down, and when that lands
# while the kernel is still sending its last reply it logs "KeyboardInterrupt caught in kernel" (a
# harmless race). A cell's errors and a dead kernel still reach the caller through papermill.
_KERNEL_CONFIG = Config({"KernelManager": {"transport_encryption": "auto"},
                         "NotebookClient": {"extra_arguments": ["--IPKernelApp.log_level=CRITICAL"]}})

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}
_NONE = {"none", "null"}
_SIMPLE_TYPES: dict[str, type] = {
    "int": int,
    "float": float,
    "bool": bool,
    "str": str,
    "list": list,
    "dict": dict,
}


class NotebookParameter(NamedTuple):
    """One parameter of a notebook's ``parameters`` cell: declared or inferred type, default, help."""

    type_name: str  # int, float, bool, str, list, dict, or "any"; "Optional[...]" when None is allowed
    default: Any  # the literal default, or its source text when it is not a literal
    help: str


class RenderResult(NamedTuple):
    """What one render produced: the executed notebook, the HTML (None when not published), timing."""

    ipynb: Path
    html: Path | None
    seconds: float
    ok: bool


# ---------------------------------------------------------------------------------------- parameters


def notebook_parameters(path: str | Path) -> dict[str, NotebookParameter]:
    """The parameters a notebook declares, read by papermill from its cell tagged ``parameters``.

    Without an annotation the type is inferred from the literal default (``None`` default: any type).
    """
    found = papermill.inspect_notebook(str(path))
    result: dict[str, NotebookParameter] = {}
    for name, spec in found.items():
        source = str(spec.get("default", ""))
        try:
            default: Any = ast.literal_eval(source)
            literal = True
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            default, literal = source, False
        base, optional = _parse_annotation(str(spec.get("inferred_type_name") or "None"))
        if base is None:  # no usable annotation: infer from the default
            if literal and default is None:
                base, optional = "any", True
            elif literal and type(default).__name__ in _SIMPLE_TYPES:
                base = type(default).__name__
            else:
                base = "any"
        type_name = f"Optional[{base}]" if optional and base != "any" else base
        result[name] = NotebookParameter(type_name, default, str(spec.get("help") or ""))
    return result


def validate_parameters(path: str | Path, params: Mapping[str, object]) -> dict[str, Any]:
    """Check ``params`` against the notebook's declared parameters and coerce CLI strings to their types.

    Raises ParameterError for an unknown name (listing the known ones), an ill-typed value, or a value
    outside the choices a parameter's help comment declares ("… one of: high, medium, low"); ISO dates
    are checked for parameters named ``*_date`` and those whose default is an ISO date.
    """
    declared = notebook_parameters(path)
    unknown = sorted(name for name in params if name not in declared)
    if unknown:
        known = ", ".join(sorted(declared)) or "none: the notebook has no cell tagged 'parameters'"
        plural = "s" if len(unknown) > 1 else ""
        raise ParameterError(
            f"{path}: unknown parameter{plural} {', '.join(map(repr, unknown))}; known: {known}"
        )
    values = {name: _coerce(path, name, declared[name], value) for name, value in params.items()}
    for name, value in values.items():
        choices = _choices(declared[name].help)
        chosen = value if isinstance(value, list) else [value]
        bad = [v for v in chosen if choices and str(v) not in choices]
        if bad:
            raise ParameterError(f"{path}: parameter {name!r}: {', '.join(map(repr, bad))} is not one of "
                                 f"{', '.join(choices)}")
    return values


def _choices(help_text: str) -> list[str]:
    """The choices a help comment declares with "one of: a, b, c" (its last clause), else none."""
    match = re.search(r"one of:\s*([\w, ]+?)\s*(?:;|$)", help_text)
    return [c.strip() for c in match.group(1).replace(" or ", ",").split(",") if c.strip()] if match else []


def _parse_annotation(annotation: str) -> tuple[str | None, bool]:
    """(base type name or None when unusable, whether None is allowed) from papermill's type text."""
    text = annotation.strip().strip("'\"").replace("typing.", "")
    if text in ("", "None"):
        return None, False
    optional = False
    match = re.fullmatch(r"Optional\[(.+)\]", text)
    if match:
        text, optional = match.group(1).strip(), True
    parts = [p.strip() for p in text.split("|")]
    if "None" in parts:
        optional = True
        parts = [p for p in parts if p != "None"]
    if len(parts) != 1:
        return "any", optional
    base = re.sub(r"\[.*\]$", "", parts[0]).strip().lower()
    base = {"list": "list", "dict": "dict"}.get(base, base)
    return (base if base in _SIMPLE_TYPES else "any"), optional


def _is_date_parameter(name: str, default: Any) -> bool:
    return name == "date" or name.endswith("_date") or (
        isinstance(default, str) and _ISO_DAY.fullmatch(default) is not None
    )


def _coerce(path: str | Path, name: str, spec: NotebookParameter, value: object) -> Any:
    """One value converted to the declared type, or ParameterError naming the parameter and type."""
    optional = spec.type_name.startswith("Optional[") or spec.type_name == "any"
    base = spec.type_name.removeprefix("Optional[").removesuffix("]")

    def fail(reason: str) -> ParameterError:
        return ParameterError(
            f"{path}: parameter {name!r} expects {spec.type_name} "
            f"(default {spec.default!r}); got {value!r}: {reason}"
        )

    if value is None or (isinstance(value, str) and value.strip().lower() in _NONE and optional):
        if optional or spec.default is None:
            return None
        raise fail("None is not allowed")
    if isinstance(value, datetime):
        value = value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    elif isinstance(value, date):  # YAML reads an unquoted 2024-01-31 as a date
        value = value.isoformat()

    if base == "any":
        result: Any = _literal_or_text(value) if isinstance(value, str) else value
    elif isinstance(value, str):
        result = _from_text(base, value.strip() if base != "str" else value, fail)
    else:
        result = _from_object(base, value, fail)

    if isinstance(result, str) and _is_date_parameter(name, spec.default):
        if result == "" and spec.default in ("", None):
            return result
        if not _ISO_DAY.fullmatch(result):
            raise fail("not an ISO date (YYYY-MM-DD)")
        try:
            date.fromisoformat(result)
        except ValueError as exc:
            raise fail(str(exc)) from None
    return result


def _literal_or_text(value: str) -> Any:
    try:
        return ast.literal_eval(value)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return value


def _from_text(base: str, text: str, fail: Any) -> Any:
    if base == "str":
        return text
    if base == "bool":
        lowered = text.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise fail("not a boolean (true/false, yes/no, 1/0)")
    if base == "int":
        if not re.fullmatch(r"[+-]?\d[\d_]*", text):
            raise fail("not an integer")
        return int(text)
    if base == "float":
        try:
            number = float(text)
        except ValueError:
            raise fail("not a number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise fail("not a finite number")
        return number
    if base == "list" and not text.startswith("["):
        return [item.strip() for item in text.split(",") if item.strip()]
    parsed = _literal_or_text(text)
    if base in ("list", "dict") and not isinstance(parsed, _SIMPLE_TYPES[base]):
        try:
            parsed = json.loads(text)
        except ValueError:
            raise fail(f"not a {base} literal") from None
        if not isinstance(parsed, _SIMPLE_TYPES[base]):
            raise fail(f"not a {base} literal")
    return parsed


def _from_object(base: str, value: object, fail: Any) -> Any:
    if base == "bool":
        if isinstance(value, bool):
            return value
        raise fail("not a boolean")
    if base == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise fail("not an integer")
    if base == "float":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        raise fail("not a number")
    if base == "list" and isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, _SIMPLE_TYPES[base]):
        return value
    raise fail(f"not a {base}")


# ------------------------------------------------------------------------------------------- render


def resolve_notebook(notebook: str | Path) -> Path:
    """A notebook path: absolute as given, else from the project root, else a name in ``notebooks/``."""
    path = Path(notebook)
    if path.suffix not in ("", ".ipynb"):
        raise ParameterError(f"{notebook}: not a notebook (give the .ipynb, or its name in notebooks/)")
    candidates = [path] if path.is_absolute() else [project_root() / path, notebooks_dir() / path]
    candidates = [c if c.suffix == ".ipynb" else c.with_name(c.name + ".ipynb") for c in candidates]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    raise ParameterError(f"{notebook}: no such notebook (looked in {', '.join(map(str, candidates))})")


def render(
    notebook: str | Path,
    *,
    params: Mapping[str, object] | None = None,
    run_date: str | None = None,
    out_root: Path | None = None,
    timeout: int = 600,
    kernel: str = "python3",
    raise_on_failure: bool = True,
    progress: bool = False,
) -> RenderResult:
    """Execute a notebook with validated parameters into ``<out_root>/<run_date>/<name>.ipynb`` and, only
    if every cell ran, export ``<name>.html`` without code; then refresh ``<out_root>/index.html``.

    A failed run keeps the executed notebook, keeps the last good HTML of the same name and date (and
    its summary) with a ``<name>.failed.json`` note the index shows, and raises RenderError (or returns
    ``ok=False`` when ``raise_on_failure`` is false). Nothing is written when a parameter is rejected.
    ``progress`` shows the cells as they run on stderr (a bar on a terminal).
    """
    source = resolve_notebook(notebook)
    values = validate_parameters(source, dict(params or {}))
    day = _run_date(run_date, values)
    if "run_date" in notebook_parameters(source):
        values.setdefault("run_date", day)

    root = Path(out_root) if out_root is not None else reports_dir()
    out_dir = root / day
    out_dir.mkdir(parents=True, exist_ok=True)
    name = source.stem
    ipynb, html_path = out_dir / f"{name}.ipynb", out_dir / f"{name}.html"
    summary, failed_note = out_dir / f"{name}{SUMMARY_SUFFIX}", out_dir / f"{name}{FAILED_SUFFIX}"
    scratch = out_dir / f".{name}.{uuid.uuid4().hex[:12]}.ipynb"  # papermill wants an .ipynb name
    # the notebook rewrites its summary as it runs: kept, to restore beside the last good report
    good_summary = summary.read_bytes() if html_path.is_file() and summary.is_file() else None

    started = time.perf_counter()
    failure: str | None = None
    cause: BaseException | None = None
    try:
        try:
            with _environment(PLOTLY_RENDERER=PLOTLY_RENDERER, CLAIMKIT_REPORTS_ROOT=str(root.resolve())):
                papermill.execute_notebook(
                    str(source),
                    str(scratch),
                    parameters=values,
                    kernel_name=kernel,
                    cwd=str(project_root()),
                    execution_timeout=timeout,
                    progress_bar=_progress_bar(name) if progress else False,
                    log_output=False,
                    config=_KERNEL_CONFIG,
                )
        except PapermillExecutionError as exc:
            failure = (
                f"cell {exc.exec_count if exc.exec_count is not None else exc.cell_index + 1} "
                f"raised {exc.ename}: {_one_line(exc.evalue)}"
            )
            cause = exc
        except Exception as exc:  # dead kernel, cell timeout, unknown kernel, unreadable notebook
            failure = _describe_failure(exc, timeout=timeout, kernel=kernel)
            cause = exc

        kept = _keep(scratch, ipynb) if scratch.exists() else None
        if failure is None and kept is not None:
            try:
                export_html(kept, html_path)
            except Exception as exc:  # a broken output must not leave a half-written or stale page
                failure, cause = f"HTML export failed: {type(exc).__name__}: {_one_line(str(exc))}", exc
        elif failure is None:
            failure = "papermill wrote no executed notebook"
    finally:
        scratch.unlink(missing_ok=True)

    seconds = time.perf_counter() - started
    if failure is not None:
        kept_html = html_path.is_file()
        if kept_html:
            if good_summary is not None:
                _write_atomic_bytes(summary, good_summary)
            else:
                summary.unlink(missing_ok=True)
            _write_atomic(failed_note, json.dumps({"failed": failure, "at": datetime.now().astimezone()
                                                   .isoformat(timespec="seconds")}) + "\n")
        update_index(root)
        where = f"executed notebook kept at {ipynb}" if ipynb.exists() else "no executed notebook"
        if kept_html:
            where += f"; the last good report stays at {html_path}"
        if raise_on_failure:
            error = RenderError(f"{source}: {failure}; {where}; no new HTML published")
            error.notebook = source  # type: ignore[attr-defined]
            error.ipynb = ipynb if ipynb.exists() else None  # type: ignore[attr-defined]
            raise error from cause
        return RenderResult(ipynb, None, seconds, False)
    failed_note.unlink(missing_ok=True)
    update_index(root)
    return RenderResult(ipynb, html_path, seconds, True)


def _progress_bar(name: str) -> dict[str, Any]:
    """tqdm settings for papermill's cell counter: on stderr; in a log (no terminal) a line now and then."""
    import sys

    if sys.stderr.isatty():
        return {"desc": f"rendering {name}", "file": sys.stderr, "leave": False}
    return {"desc": f"rendering {name}", "file": sys.stderr, "mininterval": 5.0, "ncols": 80, "ascii": True}


def export_html(ipynb: str | Path, destination: str | Path) -> Path:
    """Write an executed notebook as self-contained HTML without code (``nbconvert --no-input``) and
    without cells tagged ``remove_cell``; atomic."""
    notebook = nbformat.read(str(ipynb), as_version=4)
    exporter = HTMLExporter(
        template_name="claimkit_report",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags={REMOVE_CELL_TAG}, enabled=True), enabled=True
    )
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": Path(ipynb).stem}})
    body = _PLOTLY_MATHJAX.sub("", body)  # plotly adds a MathJax CDN script per figure; the report needs none
    destination = Path(destination)
    _write_atomic(destination, body)
    return destination


def _run_date(run_date: str | None, values: Mapping[str, Any]) -> str:
    """The run's date folder: the argument, else a ``run_date`` parameter, else today (ISO)."""
    given = values.get("run_date") or None
    if run_date and given and run_date != given:
        raise ParameterError(f"run_date {run_date!r} conflicts with parameter run_date={given!r}")
    day = run_date or given or date.today().isoformat()
    if not _ISO_DAY.fullmatch(str(day)):
        raise ParameterError(f"run_date {day!r} is not an ISO date (YYYY-MM-DD)")
    try:
        date.fromisoformat(str(day))
    except ValueError as exc:
        raise ParameterError(f"run_date {day!r}: {exc}") from None
    return str(day)


def _keep(scratch: Path, final: Path) -> Path:
    """Move papermill's output into place, recording its final path in the notebook's metadata."""
    try:
        notebook = nbformat.read(str(scratch), as_version=4)
        notebook.metadata.setdefault("papermill", {})["output_path"] = str(final)
        _write_atomic(final, nbformat.writes(notebook))
    except Exception:  # an unreadable output is still evidence: keep it as it is
        os.replace(scratch, final)
    return final


def _describe_failure(exc: BaseException, *, timeout: int, kernel: str) -> str:
    kind = type(exc).__name__
    if kind == "DeadKernelError":
        return "the kernel died (crash, out of memory, or os._exit in a cell)"
    if kind == "CellTimeoutError":
        return f"a cell ran longer than the {timeout} s timeout"
    if kind == "NoSuchKernel":
        return f"no Jupyter kernel named {kernel!r} is installed"
    return f"{kind}: {_one_line(str(exc))}"


def _one_line(text: object, limit: int = 300) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@contextmanager
def _environment(**variables: str) -> Iterator[None]:
    """Set environment variables for the kernel papermill starts (it inherits ours), then restore."""
    saved = {key: os.environ.get(key) for key in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def _write_atomic(path: Path, text: str) -> None:
    """Write text beside ``path`` and rename it into place (the store's atomic writer)."""
    _write_atomic_bytes(path, text.encode("utf-8"))


def _write_atomic_bytes(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


# -------------------------------------------------------------------------------------------- index


class _Entry(NamedTuple):
    run_date: str
    name: str
    href: str
    ok: bool
    summary: dict[str, Any]
    note: str


def update_index(reports_root: str | Path | None = None) -> Path:
    """Write ``<reports_root>/index.html``: every report (``*/*.html``) newest first, with the headline
    counts (and an optional ``title``) from its ``<name>.summary.json``, and every failed run (notebook
    without HTML). All text escaped, no scripts, no external resources."""
    root = Path(reports_root) if reports_root is not None else reports_dir()
    entries: list[_Entry] = []
    for folder in sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.name, reverse=True):
        if folder.name.startswith("."):
            continue
        names = sorted(
            {p.stem for p in folder.glob("*.html") if not p.name.startswith(".")}
            | {p.stem for p in folder.glob("*.ipynb") if not p.name.startswith(".")}
        )
        for name in names:
            ok = (folder / f"{name}.html").is_file()
            target = f"{name}.html" if ok else f"{name}.ipynb"
            # counts only for a published report: a failed run's sidecar may be stale or partial
            summary, note = _read_summary(folder / f"{name}{SUMMARY_SUFFIX}") if ok else ({}, "")
            failed, _ = _read_summary(folder / f"{name}{FAILED_SUFFIX}") if ok else ({}, "")
            if failed:
                note = "; ".join(filter(None, [note, f"the render of {failed.get('at', '?')} failed "
                                                     f"({failed.get('failed', '?')}); this is the last good report"]))
            entries.append(
                _Entry(folder.name, name, quote(f"{folder.name}/{target}"), ok, summary, note)
            )
    destination = root / "index.html"
    _write_atomic(destination, _index_html(entries))
    return destination


def _read_summary(path: Path) -> tuple[dict[str, Any], str]:
    if not path.is_file():
        return {}, ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return {}, f"summary unreadable ({type(exc).__name__})"
    if not isinstance(data, dict):
        return {}, "summary is not a JSON object"
    return data, ""


def _cell(value: object) -> str:
    if value is None or value == "":
        return "<td class=num>–</td>"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"<td class=num>{value:,}</td>"
    return f"<td>{html.escape(str(value))}</td>"


def _index_html(entries: list[_Entry]) -> str:
    rows = []
    for entry in entries:
        title = entry.summary.get("title") or entry.name
        link = f'<a href="{html.escape(entry.href, quote=True)}">{html.escape(str(title))}</a>'
        if entry.ok:
            status = "ok"
        else:
            status = "failed: no report published; the executed notebook is kept"
        if entry.note:
            status += f" ({entry.note})"
        counts = "".join(_cell(entry.summary.get(key)) for key in SUMMARY_COUNTS)
        css = "" if entry.ok else ' class="failed"'
        rows.append(
            f"<tr{css}><td>{html.escape(entry.run_date)}</td><td>{link}</td>{counts}"
            f"<td>{html.escape(status)}</td></tr>"
        )
    body = "\n".join(rows) if rows else '<tr><td colspan="8">No reports rendered yet.</td></tr>'
    updated = html.escape(datetime.now().astimezone().isoformat(timespec="seconds"))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>claimkit reports</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #222; }}
table {{ border-collapse: collapse; }}
th, td {{ border-bottom: 1px solid #ddd; padding: .35rem .8rem; text-align: left; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
tr.failed td {{ color: #a00; }}
</style>
</head>
<body>
<h1>claimkit reports</h1>
<p>Newest first. Updated {updated}.</p>
<table>
<thead><tr><th>Run date</th><th>Report</th><th>Articles</th><th>Claims</th>
<th>High-severity findings</th><th>All findings</th><th>Open findings</th><th>Status</th></tr></thead>
<tbody>
{body}
</tbody>
</table>
</body>
</html>
"""
