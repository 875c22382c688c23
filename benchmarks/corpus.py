"""Corpora of any size made at run time from freely licensed real news text (nothing big is committed).

The texts are Wikinews articles (CC BY 2.5): the 196 of 2019–2020 staged in
``benchmarks/corpora/wikinews/`` and, when the shared benchmark data sits beside the project, GUM's 43
Wikinews documents. Article ``i`` is source text ``i mod S`` re-dated to one of 730 days over two years
(Wikinews' dateline near its top rewritten to that day; one added where there is none), with
its own title: every article is distinct (no duplicate-text rejection) and its dates resolve around its
own publication day, as a newsroom's stream would.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import yaml

from claimkit.paths import project_root

ROOT = project_root()
WIKINEWS = ROOT / "benchmarks" / "corpora" / "wikinews" / "articles"
GUM = ROOT.parent / "shared" / "benchmarks" / "gum-wikinews" / "documents.jsonl"
FIRST_DAY = date(2023, 1, 1)
DAYS = 730
_DATELINE = re.compile(r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \w+ \d{1,2}, \d{4}[ \t]*$",
                       re.MULTILINE)


def staged(meta: dict, body: str) -> str:
    """An article as Markdown with YAML front matter (the form the kit reads)."""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body


def read_staged(path: Path) -> tuple[dict, str]:
    """(front matter, body) of an article written as Markdown with YAML front matter."""
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def sources() -> list[tuple[str, str]]:
    """(title, body) of every source text: GUM's documents when present, then the staged Wikinews ones."""
    found: list[tuple[str, str]] = []
    if GUM.is_file():
        for line in GUM.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            found.append((doc["title"], doc["text"]))
    for path in sorted(WIKINEWS.glob("*.md")):
        meta, body = read_staged(path)
        found.append((str(meta["title"]), body))
    return found


def described() -> str:
    """Which texts the corpora are made of, for a benchmark's output."""
    gum = "GUM's 43 Wikinews documents + " if GUM.is_file() else ""
    return f"{gum}{len(list(WIKINEWS.glob('*.md')))} Wikinews articles of 2019–20 (CC BY 2.5)"


def article(i: int, texts: list[tuple[str, str]]) -> tuple[str, str]:
    """File name and content of article ``i`` (Markdown with front matter)."""
    title, body = texts[i % len(texts)]
    round_ = i // len(texts)
    day = FIRST_DAY + timedelta(days=(round_ * 53 + (i % len(texts)) * 7) % DAYS)
    dateline = f"{day:%A}, {day:%B} {day.day}, {day.year}"
    found = _DATELINE.search(body, 0, 400)  # Wikinews' dateline: first line, or after GUM's title
    body = body[: found.start()] + dateline + body[found.end():] if found else dateline + "\n\n" + body
    front = {"title": f"{title} ({round_ + 1})" if round_ else title, "source": "Wikinews",
             "published": day.isoformat(), "license": "CC BY 2.5"}
    return f"a{i:06d}.md", staged(front, body)


def make_corpus(folder: Path, n: int, *, start: int = 0) -> Path:
    """Write articles ``start`` … ``start + n - 1`` into ``folder``; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = sources()
    for i in range(start, start + n):
        name, content = article(i, texts)
        (folder / name).write_text(content, encoding="utf-8")
    return folder
