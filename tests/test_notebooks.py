"""The notebooks: they run (nbval-lax), their committed outputs still hold (nbval), they are small,
parameterized and paired with their text twins; and ``claimkit render report`` end to end.

nbval runs in a subprocess (its own pytest) so that its collection options and the plotly renderer do
not leak into this session. Semantic checks (counts, the seed's findings) are made against the tables,
not against HTML text.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from claimkit import report as report_html
from claimkit import store
from claimkit.errors import ParameterError, RenderError
from claimkit.paths import notebooks_dir, project_root
from claimkit.render import notebook_parameters, render
from report_support import REPORT, RUN_DATE, fresh_tables, render_report

NOTEBOOKS = ("01_articles", "02_claims", "03_findings", "04_review", "report")
SANITIZE = notebooks_dir() / "nbval_sanitize.cfg"
NBVAL_HOOKS = notebooks_dir() / "conftest.py"
MAX_COMMITTED_BYTES = 1_000_000
MAX_REPORT_BYTES = 8_000_000
REFRESH_HINT = (
    "the committed outputs differ from a fresh run on data/raw; if the change is intended, refresh them "
    "(make notebooks) and review the diff"
)


def _pytest(args: list[str], *, cwd: Path, renderer: str | None = None, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run pytest in a fresh process with a clean plotly renderer setting; returns the finished process."""
    env = {k: v for k, v in os.environ.items() if k != "PLOTLY_RENDERER" and not k.startswith("PYTEST_")}
    if renderer:
        env["PLOTLY_RENDERER"] = renderer
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def _tail(process: subprocess.CompletedProcess, lines: int = 60) -> str:
    return "\n".join((process.stdout + process.stderr).splitlines()[-lines:])


# ----------------------------------------------------------------------------------- static checks


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_committed_small_executed_and_without_plotly_bundle(name: str) -> None:
    path = notebooks_dir() / f"{name}.ipynb"
    assert path.stat().st_size < MAX_COMMITTED_BYTES
    notebook = nbformat.read(path, as_version=4)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    counts = [c.execution_count for c in notebook.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), "committed outputs must come from one top-to-bottom run"
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert "text/html" not in output.get("data", {}) or "plotly.js" not in output["data"]["text/html"]
            assert output.get("output_type") != "error"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_parameters_cell_typed_with_help(name: str) -> None:
    path = notebooks_dir() / f"{name}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    first_code = next(c for c in notebook.cells if c.cell_type == "code")
    assert "parameters" in first_code.metadata.get("tags", [])
    declared = notebook_parameters(path)
    assert "processed_dir" in declared
    for parameter in declared.values():
        assert parameter.help and parameter.type_name != "any"


def test_report_parameters() -> None:
    declared = notebook_parameters(REPORT)
    assert {n: (p.type_name, p.default) for n, p in declared.items() if n != "reports_root"} == {
        "processed_dir": ("str", "data/processed"),
        "run_date": ("str", ""),
        "title": ("str", "claimkit report"),
        "min_severity": ("str", "low"),
    }


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_text_twin_in_sync(name: str) -> None:
    jupytext = pytest.importorskip("jupytext")
    paired = jupytext.read(notebooks_dir() / f"{name}.py")
    committed = nbformat.read(notebooks_dir() / f"{name}.ipynb", as_version=4)

    def cells(notebook: nbformat.NotebookNode) -> list[tuple[str, str, list[str]]]:
        return [(c.cell_type, c.source.strip(), sorted(c.metadata.get("tags", []))) for c in notebook.cells]

    assert cells(paired) == cells(committed), f"run `jupytext --sync notebooks/{name}.py`"


# ------------------------------------------------------------------------------------- nbval tiers


@pytest.mark.notebook
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_smoke_nbval_lax(name: str) -> None:
    """Runs top to bottom as a user would (kernel in notebooks/, default parameters, offline renderer)."""
    process = _pytest(["--nbval-lax", "--nbval-current-env", f"notebooks/{name}.ipynb"], cwd=project_root())
    assert process.returncode == 0, _tail(process)


@pytest.fixture(scope="module")
def sample_tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fresh_tables(tmp_path_factory, "sample")


@pytest.mark.notebook
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_regression_nbval(name: str, sample_tables: Path, tmp_path: Path) -> None:
    """The committed outputs, re-computed on fresh tables from data/raw (injected as ``processed_dir``),
    compared cell by cell with the shared sanitizer; plotly JSON is skipped (notebooks/conftest.py)."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    notebook = load_notebook_node(str(notebooks_dir() / f"{name}.ipynb"))
    copy = tmp_path / f"{name}.ipynb"
    nbformat.write(parameterize_notebook(notebook, {"processed_dir": str(sample_tables)}), copy)
    shutil.copy2(NBVAL_HOOKS, tmp_path / "conftest.py")
    process = _pytest(
        ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", str(SANITIZE), "--rootdir", ".", copy.name],
        cwd=tmp_path,
        renderer="plotly_mimetype",
    )
    assert process.returncode == 0, f"{REFRESH_HINT}\n{_tail(process, 120)}"


# ------------------------------------------------------------------------------------ render (API)


@pytest.fixture(scope="module")
def rendered(sample_tables: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    out_root = tmp_path_factory.mktemp("reports")
    started = time.perf_counter()
    result = render_report(sample_tables, out_root, title="Nightly <check>")
    assert result.ok and result.html is not None
    return out_root, time.perf_counter() - started


@pytest.mark.notebook
def test_render_report_publishes_html_summary_and_index(rendered: tuple[Path, float], sample_tables: Path) -> None:
    out_root, seconds = rendered
    html_path = out_root / RUN_DATE / "report.html"
    size = html_path.stat().st_size
    print(f"report render: {seconds:.1f} s, {size / 1e6:.2f} MB")
    assert size < MAX_REPORT_BYTES
    assert not (out_root / RUN_DATE / "report.ipynb").read_text(encoding="utf-8").count('"ename"')
    summary = json.loads((out_root / RUN_DATE / "report.summary.json").read_text(encoding="utf-8"))
    tables = {n: store.read_table(sample_tables, n) for n in ("articles", "claims", "findings")}
    assert summary == report_html.summarise(tables["articles"], tables["claims"], tables["findings"],
                                            title="Nightly <check>")
    index = (out_root / "index.html").read_text(encoding="utf-8")
    assert f'href="{RUN_DATE}/report.html"' in index and "Nightly &lt;check&gt;" in index


@pytest.mark.notebook
def test_render_report_html_hides_code_and_inlines_plotly_once(rendered: tuple[Path, float]) -> None:
    out_root, _ = rendered
    page = (out_root / RUN_DATE / "report.html").read_text(encoding="utf-8")
    assert page.count("plotly.js v") == 1  # the bundle is inlined once, however many figures
    assert "load_outputs(" not in page and "min_severity: str" not in page  # no code cells


@pytest.mark.notebook
def test_sample_tables_hold_the_seeds_findings(sample_tables: Path) -> None:
    """What the report is for, asserted on the tables it is rendered from."""
    articles = store.read_table(sample_tables, "articles")
    findings = store.read_table(sample_tables, "findings")
    seed = articles.loc[articles["path"] == "000_fda41a654f71145d.md", "article_id"].item()
    ours = findings[findings["article_id"] == seed]
    roles = ours[ours["kind"] == "role_conflict"]
    assert roles["text"].str.contains("Mohammed bin Salman").any()
    assert (roles["severity"] == "high").all()
    assert ours.loc[ours["kind"] == "outlet_conflict", "text"].str.contains("Novaya Izvestia").any()
    assert (ours["kind"] == "integrity").sum() >= 3


@pytest.mark.notebook
def test_render_report_unknown_parameter_publishes_nothing(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="unknown parameter 'colour'"):
        render(REPORT, params={"colour": "red"}, run_date=RUN_DATE, out_root=tmp_path / "reports")
    assert not (tmp_path / "reports").exists()


@pytest.mark.notebook
def test_render_report_failing_cell_keeps_notebook(tmp_path: Path) -> None:
    out_root = tmp_path / "reports"
    empty = tmp_path / "no-tables"
    empty.mkdir()
    with pytest.raises(RenderError, match="missing tables"):  # a cell raises: the folder holds no tables
        render_report(empty, out_root)
    assert (out_root / RUN_DATE / "report.ipynb").is_file()
    assert not (out_root / RUN_DATE / "report.html").exists()
    assert not (out_root / RUN_DATE / "report.summary.json").exists()


# ------------------------------------------------------------------------------------ render (CLI)


@pytest.fixture
def cli_root(tmp_path: Path) -> Path:
    """A project root for the CLI (CLAIMKIT_ROOT) that shares notebooks and data but has its own
    reports/ folder, so an end-to-end render never touches the real reports."""
    root = tmp_path / "project"
    root.mkdir()
    (root / ".claimkit-root").touch()
    for name in ("notebooks", "data"):
        (root / name).symlink_to(project_root() / name, target_is_directory=True)
    return root


def _claimkit(args: list[str], *, root: Path) -> subprocess.CompletedProcess:
    executable = Path(sys.executable).with_name("claimkit")
    command = [str(executable)] if executable.exists() else [sys.executable, "-m", "claimkit.cli"]
    env = {k: v for k, v in os.environ.items() if k != "PLOTLY_RENDERER"}
    env["CLAIMKIT_ROOT"] = str(root)
    return subprocess.run([*command, *args], cwd=root, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.notebook
@pytest.mark.e2e
def test_cli_render_report_end_to_end(cli_root: Path, sample_tables: Path) -> None:
    process = _claimkit(["render", "report", "-p", "processed_dir", str(sample_tables), "--run-date", RUN_DATE],
                        root=cli_root)
    assert process.returncode == 0, _tail(process)
    html_path = cli_root / "reports" / RUN_DATE / "report.html"
    assert html_path.is_file() and str(html_path) in process.stdout
    assert (cli_root / "reports" / RUN_DATE / "report.summary.json").is_file()
    assert f'href="{RUN_DATE}/report.html"' in (cli_root / "reports" / "index.html").read_text(encoding="utf-8")


@pytest.mark.notebook
@pytest.mark.e2e
def test_cli_render_unknown_parameter_fails_cleanly(cli_root: Path) -> None:
    process = _claimkit(["render", "report", "-p", "colour", "red", "--run-date", RUN_DATE], root=cli_root)
    assert process.returncode != 0
    assert "unknown parameter 'colour'" in process.stderr and "Traceback" not in process.stderr
    assert not (cli_root / "reports" / RUN_DATE).exists()


@pytest.mark.notebook
@pytest.mark.e2e
def test_cli_render_failing_cell_keeps_notebook_exit_1(cli_root: Path) -> None:
    empty = cli_root / "no-tables"
    empty.mkdir()
    process = _claimkit(["render", "report", "-p", "processed_dir", str(empty), "--run-date", RUN_DATE],
                        root=cli_root)
    assert process.returncode == 1, _tail(process)
    assert (cli_root / "reports" / RUN_DATE / "report.ipynb").is_file()
    assert not (cli_root / "reports" / RUN_DATE / "report.html").exists()
