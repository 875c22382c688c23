"""claimkit.render: parameter guard, papermill run, HTML only for successful runs, and the report index."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import nbformat
import pytest

from claimkit.errors import ParameterError, RenderError
from claimkit.paths import project_root
from claimkit.render import (
    PLOTLY_RENDERER,
    NotebookParameter,
    RenderResult,
    notebook_parameters,
    render,
    update_index,
    validate_parameters,
)

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
PARAMS_NB = FIXTURES / "params.ipynb"
RUN_DATE = "2024-02-01"


# ----------------------------------------------------------------------------------- parameters


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("run_date", NotebookParameter("str", "", "ISO date of the run; empty means today")),
        ("limit", NotebookParameter("int", 3, "how many items to list")),
        ("ratio", NotebookParameter("float", 0.5, "a fraction")),
        ("verbose", NotebookParameter("bool", False, "print more")),
        ("title", NotebookParameter("str", "Fixture", "a label shown in the output")),
        ("since_date", NotebookParameter("str", "2024-01-01", "ISO date the listing starts from")),
    ],
)
def test_notebook_parameters_types_defaults_help(name: str, expected: NotebookParameter) -> None:
    assert notebook_parameters(PARAMS_NB)[name] == expected


def _notebook_with(tmp_path: Path, source: str, *, tagged: bool = True) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell(source)
    if tagged:
        cell.metadata["tags"] = ["parameters"]
    notebook.cells.append(cell)
    path = tmp_path / "made.ipynb"
    nbformat.write(notebook, path)
    return path


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("n: int = 3  # count", NotebookParameter("int", 3, "count")),
        ("x: float = 1  # annotated float, int literal", NotebookParameter("float", 1, "annotated float, int literal")),
        ("limit = None  # any type", NotebookParameter("any", None, "any type")),
        ("who: Optional[str] = None  # maybe", NotebookParameter("Optional[str]", None, "maybe")),
        ("kinds: list[str] = []  # list", NotebookParameter("list", [], "list")),
        ("total = 1 + 2  # not a literal", NotebookParameter("any", "1 + 2", "not a literal")),
    ],
)
def test_notebook_parameters_annotations(tmp_path: Path, source: str, expected: NotebookParameter) -> None:
    (parameter,) = notebook_parameters(_notebook_with(tmp_path, source)).values()
    assert parameter == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"limit": "5"}, {"limit": 5}),
        ({"limit": 7}, {"limit": 7}),
        ({"ratio": "2"}, {"ratio": 2.0}),
        ({"ratio": 1}, {"ratio": 1.0}),
        ({"ratio": "0.25"}, {"ratio": 0.25}),
        ({"verbose": "No"}, {"verbose": False}),
        ({"verbose": "true"}, {"verbose": True}),
        ({"verbose": True}, {"verbose": True}),
        ({"title": "123"}, {"title": "123"}),
        ({"title": "  spaced  "}, {"title": "  spaced  "}),
        ({"since_date": "2023-12-18"}, {"since_date": "2023-12-18"}),
        ({"since_date": date(2023, 12, 18)}, {"since_date": "2023-12-18"}),  # YAML's unquoted date
        ({"run_date": ""}, {"run_date": ""}),
        ({}, {}),
    ],
)
def test_validate_parameters_coerces(params: dict, expected: dict) -> None:
    assert validate_parameters(PARAMS_NB, params) == expected


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "three"}, "'limit' expects int"),
        ({"limit": "1.5"}, "not an integer"),
        ({"limit": True}, "not an integer"),
        ({"limit": None}, "None is not allowed"),
        ({"ratio": "abc"}, "'ratio' expects float"),
        ({"ratio": "nan"}, "not a finite number"),
        ({"verbose": "maybe"}, "not a boolean"),
        ({"since_date": "2024-13-01"}, "since_date"),
        ({"since_date": "31/12/2023"}, "not an ISO date"),
        ({"since_date": ""}, "not an ISO date"),
        ({"run_date": "yesterday"}, "not an ISO date"),
        ({"title": 5}, "not a str"),
    ],
)
def test_validate_parameters_rejects_ill_typed(params: dict, message: str) -> None:
    with pytest.raises(ParameterError, match=re.escape(message)):
        validate_parameters(PARAMS_NB, params)


def test_validate_parameters_unknown_lists_known() -> None:
    with pytest.raises(ParameterError) as caught:
        validate_parameters(PARAMS_NB, {"limt": "5", "colour": "red"})
    message = str(caught.value)
    assert "unknown parameters 'colour', 'limt'" in message
    assert "known: limit, ratio, run_date, since_date, title, verbose" in message
    assert caught.value.code == "CK400"


def test_validate_parameters_notebook_without_parameters_cell(tmp_path: Path) -> None:
    path = _notebook_with(tmp_path, "x = 1", tagged=False)
    with pytest.raises(ParameterError, match="no cell tagged 'parameters'"):
        validate_parameters(path, {"x": "2"})


# ---------------------------------------------------------------------------------------- render


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> RenderResult:
    out_root = tmp_path_factory.mktemp("reports")
    return render(
        PARAMS_NB,
        params={"limit": "5", "verbose": "true", "title": "<b>bold</b>"},
        run_date=RUN_DATE,
        out_root=out_root,
        timeout=120,
    )


@pytest.mark.notebook
def test_render_writes_notebook_and_html(rendered: RenderResult) -> None:
    assert rendered.ok
    assert rendered.ipynb.name == "params.ipynb" and rendered.ipynb.is_file()
    assert rendered.html is not None and rendered.html == rendered.ipynb.with_suffix(".html")
    assert rendered.html.is_file()
    assert rendered.ipynb.parent.name == RUN_DATE
    assert 0 < rendered.seconds < 120
    leftovers = [p.name for p in rendered.ipynb.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


@pytest.mark.notebook
def test_render_html_hides_code_shows_parameters(rendered: RenderResult) -> None:
    assert rendered.html is not None
    page = rendered.html.read_text(encoding="utf-8")
    assert "CODE-MARKER-source-must-be-hidden" not in page  # --no-input
    assert "REMOVED-CELL-MARKER" not in page  # remove_cell tag
    assert "limit = 3" not in page  # the parameters cell's code
    assert (  # the run's parameters, printed by a visible cell; nbconvert escapes text output
        "PARAMETERS limit=5 ratio=0.5 verbose=True title='&lt;b&gt;bold&lt;/b&gt;' "
        f"since_date='2024-01-01' run_date='{RUN_DATE}'" in page
    )


@pytest.mark.notebook
def test_render_runs_in_project_root_with_offline_renderer(rendered: RenderResult) -> None:
    assert rendered.html is not None
    page = rendered.html.read_text(encoding="utf-8")
    assert f"CWD {project_root()}" in page
    assert f"RENDERER {PLOTLY_RENDERER}" in page


@pytest.mark.notebook
def test_render_records_final_path_and_index(rendered: RenderResult) -> None:
    notebook = nbformat.read(rendered.ipynb, as_version=4)
    assert notebook.metadata["papermill"]["output_path"] == str(rendered.ipynb)
    assert notebook.metadata["papermill"]["parameters"]["limit"] == 5
    index = (rendered.ipynb.parent.parent / "index.html").read_text(encoding="utf-8")
    assert f'href="{RUN_DATE}/params.html"' in index


@pytest.mark.notebook
@pytest.mark.parametrize(
    "params",
    [{"limt": "5"}, {"limit": "five"}, {"since_date": "2024-02-30"}],
)
def test_render_bad_parameter_writes_nothing(tmp_path: Path, params: dict) -> None:
    out_root = tmp_path / "reports"
    with pytest.raises(ParameterError):
        render(PARAMS_NB, params=params, run_date=RUN_DATE, out_root=out_root)
    assert not out_root.exists()


@pytest.mark.notebook
def test_render_bad_run_date_writes_nothing(tmp_path: Path) -> None:
    out_root = tmp_path / "reports"
    with pytest.raises(ParameterError, match="not an ISO date"):
        render(PARAMS_NB, run_date="2024/02/01", out_root=out_root)
    assert not out_root.exists()


@pytest.mark.notebook
def test_render_failing_cell_keeps_notebook_no_html(tmp_path: Path) -> None:
    out_root = tmp_path / "reports"
    with pytest.raises(RenderError):
        render(FIXTURES / "failing.ipynb", run_date=RUN_DATE, out_root=out_root, timeout=120)
    assert not (out_root / RUN_DATE / "failing.html").exists()
    index = (out_root / "index.html").read_text(encoding="utf-8")
    assert f'href="{RUN_DATE}/failing.ipynb"' in index and "failed: no report published" in index


@pytest.mark.notebook
def test_render_failing_cell_keeps_the_last_good_report(tmp_path: Path) -> None:
    out_root = tmp_path / "reports"
    good = out_root / RUN_DATE / "failing.html"
    good.parent.mkdir(parents=True)
    good.write_text("<p>an earlier, successful render</p>", encoding="utf-8")
    summary = out_root / RUN_DATE / "failing.summary.json"
    summary.write_text('{"articles": 7}', encoding="utf-8")

    with pytest.raises(RenderError) as caught:
        render(FIXTURES / "failing.ipynb", run_date=RUN_DATE, out_root=out_root, timeout=120)

    kept = out_root / RUN_DATE / "failing.ipynb"
    message = str(caught.value)
    assert "failing.ipynb" in message
    assert "ValueError: deliberate failure in a fixture cell" in message
    assert f"kept at {kept}" in message
    assert caught.value.ipynb == kept  # type: ignore[attr-defined]
    assert f"the last good report stays at {good}" in message
    assert kept.is_file() and good.read_text(encoding="utf-8") == "<p>an earlier, successful render</p>"
    assert summary.read_text(encoding="utf-8") == '{"articles": 7}'
    notebook = nbformat.read(kept, as_version=4)
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert [e.ename for e in errors] == ["ValueError"]
    index = (out_root / "index.html").read_text(encoding="utf-8")
    assert f'href="{RUN_DATE}/failing.html"' in index and "<td class=num>7</td>" in index
    assert "failed (cell" in index and "this is the last good report" in index


@pytest.mark.notebook
def test_render_timeout_keeps_the_last_good_report_and_its_summary(tmp_path: Path) -> None:
    """The slow fixture rewrites its summary, then outlives the timeout: the report published before,
    and the summary that goes with it, are what the date keeps."""
    folder = tmp_path / RUN_DATE
    folder.mkdir()
    (folder / "report.html").write_text("<p>good</p>", encoding="utf-8")
    (folder / "report.summary.json").write_text('{"articles": 7}', encoding="utf-8")
    with pytest.raises(RenderError, match="longer than the 3 s timeout"):
        render(FIXTURES / "slow" / "report.ipynb", run_date=RUN_DATE, out_root=tmp_path, timeout=3)
    assert (folder / "report.html").read_text(encoding="utf-8") == "<p>good</p>"
    assert (folder / "report.summary.json").read_text(encoding="utf-8") == '{"articles": 7}'
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<td class=num>7</td>" in index and "999" not in index and "timeout" in index


@pytest.mark.notebook
def test_render_failure_without_raising_returns_not_ok(tmp_path: Path) -> None:
    result = render(
        FIXTURES / "failing.ipynb", run_date=RUN_DATE, out_root=tmp_path, timeout=120, raise_on_failure=False
    )
    assert not result.ok and result.html is None and result.ipynb.is_file()


@pytest.mark.notebook
def test_render_dead_kernel(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="the kernel died"):
        render(FIXTURES / "dies.ipynb", run_date=RUN_DATE, out_root=tmp_path, timeout=120)
    assert not (tmp_path / RUN_DATE / "dies.html").exists()


def test_render_missing_notebook_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="no such notebook"):
        render(tmp_path / "absent.ipynb", out_root=tmp_path / "reports")
    assert not (tmp_path / "reports").exists()


def test_render_refuses_a_text_twin(tmp_path: Path) -> None:
    twin = tmp_path / "report.py"
    twin.write_text("# %%\nprint(1)\n")
    with pytest.raises(ParameterError, match="not a notebook"):
        render(twin, out_root=tmp_path / "reports")


# ----------------------------------------------------------------------------------------- index


def _report(root: Path, run_date: str, name: str, summary: object | None = None, *, ok: bool = True) -> None:
    folder = root / run_date
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.ipynb").write_text("{}", encoding="utf-8")
    if ok:
        (folder / f"{name}.html").write_text("<p>report</p>", encoding="utf-8")
    if summary is not None:
        text = summary if isinstance(summary, str) else json.dumps(summary)
        (folder / f"{name}.summary.json").write_text(text, encoding="utf-8")


def test_update_index_lists_reports_newest_first_with_counts(tmp_path: Path) -> None:
    counts = {"articles": 4, "claims": 1234, "findings_high": 2, "findings_total": 9}
    _report(tmp_path, "2024-01-05", "report", counts)
    _report(tmp_path, "2024-02-01", "report", {"articles": 5})
    _report(tmp_path, "2024-02-01", "broken", {"articles": 777}, ok=False)  # stale sidecar: not shown
    _report(tmp_path, "2024-01-20", "report", "{not json")
    index = update_index(tmp_path)
    assert index == tmp_path / "index.html"
    page = index.read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', page)
    assert hrefs == [
        "2024-02-01/broken.ipynb",
        "2024-02-01/report.html",
        "2024-01-20/report.html",
        "2024-01-05/report.html",
    ]
    assert "<td class=num>1,234</td>" in page and "<td class=num>9</td>" in page
    assert "summary unreadable" in page
    assert "777" not in page
    assert "failed: no report published" in page
    assert "<script" not in page.lower()


def test_update_index_escapes_hostile_text(tmp_path: Path) -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    _report(tmp_path, "2024-03-01", "report", {"title": hostile, "articles": hostile, "claims": 3})
    _report(tmp_path, '2024-03-02"><img src=x onerror=alert(2)>', "report")  # a folder name
    page = update_index(tmp_path).read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="2024-03-02%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%282%29%3E/report.html"' in page
    assert "<td>2024-03-02&quot;&gt;&lt;img src=x onerror=alert(2)&gt;</td>" in page


def test_update_index_empty_root(tmp_path: Path) -> None:
    page = update_index(tmp_path).read_text(encoding="utf-8")
    assert "No reports rendered yet." in page


# -------------------------------------------------------------------------------- nbval sanitizer

SANITIZE = project_root() / "notebooks" / "nbval_sanitize.cfg"


def _sanitize(text: str) -> str:
    from nbval.plugin import get_sanitize_patterns

    for regex, replace in get_sanitize_patterns(SANITIZE.read_text(encoding="utf-8")):
        text = re.sub(regex, replace, text)
    return text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<div id="3f2b8c1e-9a4d-4e6f-8b7a-0c1d2e3f4a5b" class="plotly-graph-div">',
         '<div id="UUID" class="plotly-graph-div">'),
        ("<claimkit.reference.Reference object at 0x7f3a2b1c9d80>",
         "<claimkit.reference.Reference object at 0xADDRESS>"),
        ("rendered 2024-02-01T03:15:09.123456+00:00 by cron", "rendered TIMESTAMP by cron"),
        ("rendered 2024-02-01 03:15:09 by cron", "rendered TIMESTAMP by cron"),
        ("wrote /home/someone/claimkit/data/processed/claims.parquet",
         "wrote <ROOT>/data/processed/claims.parquet"),
        ("published 2024-01-30, 130 people", "published 2024-01-30, 130 people"),  # dates stay
        ("article 000_fda41a654f71145d", "article 000_fda41a654f71145d"),  # ids stay
    ],
)
def test_nbval_sanitize_rules(text: str, expected: str) -> None:
    assert _sanitize(text) == expected


def test_render_html_loads_nothing_from_the_network(tmp_path: Path) -> None:
    """No require.js, no MathJax (which would typeset "$5 … $6" in article text), no CDN script at all."""
    result = render(FIXTURES / "hostile_report.ipynb", out_root=tmp_path / "reports", run_date="2024-01-01")
    page = result.html.read_text(encoding="utf-8")
    assert "<script src=" not in page
    assert "require.js" not in page


def test_render_rejects_a_value_outside_the_declared_choices() -> None:
    """ "one of: high, medium, low" in a parameter's help comment is enforced before anything runs."""
    from claimkit.paths import notebooks_dir

    report = notebooks_dir() / "report.ipynb"
    assert validate_parameters(report, {"min_severity": "medium"}) == {"min_severity": "medium"}
    with pytest.raises(ParameterError, match="'critical' is not one of high, medium, low"):
        validate_parameters(report, {"min_severity": "critical"})
