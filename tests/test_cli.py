"""The command line as users meet it: --version and ``python -m claimkit``, ``--out`` naming a file is a
usage error in one line, the run's article warnings summarised, and ``render --out DIR`` with progress
and without the kernel's transport warning."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimkit import __version__
from claimkit.paths import raw_dir

CLAIMKIT = Path(sys.executable).with_name("claimkit")


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, **kwargs)


@pytest.mark.parametrize("command", [[str(CLAIMKIT)], [sys.executable, "-m", "claimkit"]])
def test_cli_version(command: list[str]) -> None:
    done = _run([*command, "--version"])
    assert done.returncode == 0 and done.stdout == f"claimkit {__version__}\n"


def test_cli_python_m_runs_the_same_command() -> None:
    done = _run([sys.executable, "-m", "claimkit", "review", "--help"])
    assert done.returncode == 0 and "accept" in done.stdout and "orphans" in done.stdout


@pytest.mark.parametrize("args", [
    ["run", "{raw}", "--out", "{file}"],
    ["ingest", "{raw}", "--out", "{file}"],
    ["extract", "--in", "{raw}", "--out", "{file}"],
    ["render", "report", "--out", "{file}"],
])
def test_cli_out_naming_a_file_is_a_usage_error_in_one_line(args: list[str], tmp_path: Path) -> None:
    target = tmp_path / "results.csv"
    target.write_text("keep me\n", encoding="utf-8")
    done = _run([str(CLAIMKIT), *(a.format(raw=raw_dir(), file=target) for a in args)])
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [f"claimkit: --out {target}: is a file; give a folder (it is created if missing)"]
    assert target.read_text(encoding="utf-8") == "keep me\n"


def test_cli_run_summarises_article_warnings_one_line_per_kind(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(3):  # no front matter: no publication date, and no dated day to resolve dates from
        (corpus / f"undated_{n}.txt").write_text(f"Talks {n}\n\nOfficials said the talks went on for hours.\n",
                                                 encoding="utf-8")
    (corpus / "dated.md").write_text("---\ntitle: Dated\npublished: 2023-12-20\n---\nTalks resumed today.\n",
                                     encoding="utf-8")
    done = _run([str(CLAIMKIT), "run", str(corpus), "--out", str(tmp_path / "out"), "--fast"],
                env={**os.environ, "CLAIMKIT_REVIEWS_DIR": str(tmp_path / "reviews")})
    assert done.returncode == 0, done.stderr
    warned = [line for line in done.stdout.splitlines() if line.startswith("warning:")]
    assert "warning: 3 articles: no publication date (undated_0.txt and 2 more)" in warned
    assert any(line.startswith("warning: 3 articles: dates not resolved") for line in warned)
    assert len(warned) == len({line.split(":")[2] for line in warned})  # one line per kind
    assert "warning" not in done.stderr  # stderr: one line per rejected input, nothing else


@pytest.mark.notebook
@pytest.mark.e2e
def test_cli_render_out_dir_with_progress_and_no_kernel_warning(tmp_path: Path) -> None:
    tables, out = tmp_path / "tables", tmp_path / "published"
    env = {**os.environ, "CLAIMKIT_REVIEWS_DIR": str(tmp_path / "reviews")}
    env.pop("PLOTLY_RENDERER", None)
    assert _run([str(CLAIMKIT), "run", str(raw_dir()), "--out", str(tables), "--fast"], env=env).returncode == 0
    done = _run([str(CLAIMKIT), "render", "report", "--out", str(out), "--run-date", "2024-02-01",
                 "-p", "processed_dir", str(tables)], env=env)
    assert done.returncode == 0, done.stderr
    assert (out / "2024-02-01" / "report.html").is_file() and (out / "index.html").is_file()
    assert f"report: {out / '2024-02-01' / 'report.html'}" in done.stdout
    assert "rendering report" in done.stderr and "cell" in done.stderr  # progress, on stderr
    assert "without encryption" not in done.stderr and "TCP" not in done.stderr
    assert "IPKernelApp" not in done.stderr and "Traceback" not in done.stderr
