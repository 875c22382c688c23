"""A corpus of bad inputs, built at test time (nothing big is committed): every kind of file a scraper or a
hostile user can leave in ``data/raw``, each with what the kit must do with it.

``build(folder)`` writes the kinds under ``folder/hostile/`` and returns them; the good articles go beside
them in ``folder/good/`` (``good`` sorts first, so a copy in ``hostile/`` is the duplicate). A kind is
``rejected`` (one stderr line per path, nothing read), ``read`` (its articles are in the table, no line),
or ``records`` (a JSON file whose bad records are rejected one by one and whose good ones are read).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from claimkit.errors import shown

GOOD = "good"
HOSTILE = "hostile"
SETPRIV_DROP = ["--bounding-set=-dac_override,-dac_read_search"]  # root without its read-anything power


@dataclass(frozen=True)
class Kind:
    """One kind of bad input: the paths it creates (as the tables show them) and what must happen."""

    name: str
    outcome: str  # "rejected", "read" or "records"
    rejected: tuple[str, ...] = ()  # paths (or JSON record paths) rejected, one stderr line each
    read: tuple[str, ...] = ()  # article paths read
    reason: str = ""  # part of every rejection reason of this kind
    claims: tuple[str, ...] = ()  # claim texts the article must still yield
    warning: str = ""  # part of one of the article's warnings
    unreadable: bool = False  # needs a process that cannot read a chmod 000 file (see ``as_unprivileged``)


@dataclass
class _Builder:
    folder: Path
    kinds: list[Kind] = field(default_factory=list)

    def name(self, stem: str) -> str:
        return f"{len(self.kinds) + 1:02d}-{stem}"

    def write(self, name: str, content: str | bytes) -> str:
        path = self.folder / HOSTILE / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return f"{HOSTILE}/{name}"

    def rejected(self, stem: str, content: str | bytes, reason: str, **extra: object) -> None:
        name = self.name(stem)
        self.kinds.append(Kind(name, "rejected", rejected=(self.write(name, content),), reason=reason, **extra))

    def read(self, stem: str, content: str | bytes, **extra: object) -> None:
        name = self.name(stem)
        self.kinds.append(Kind(name, "read", read=(self.write(name, content),), **extra))

    def records(self, stem: str, content: str | bytes, bad: list[int], good: list[int], reason: str) -> None:
        name = self.name(stem)
        path = self.write(name, content)
        self.kinds.append(Kind(name, "records", rejected=tuple(f"{path}#{n}" for n in bad),
                               read=tuple(f"{path}#{n}" for n in good), reason=reason))

    def special(self, stem: str, make: Callable[[Path], None], reason: str, *, count: int = 1,
                **extra: object) -> None:
        """A kind made by ``make(path)`` (links, pipes): ``count`` paths ``<name>``, ``<name>-2``, ..."""
        name = self.name(stem)
        base = self.folder / HOSTILE / name
        make(base)
        paths = [name] + [f"{Path(name).stem}-{k}{Path(name).suffix}" for k in range(2, count + 1)]
        self.kinds.append(Kind(name, "rejected", rejected=tuple(f"{HOSTILE}/{p}" for p in paths),
                               reason=reason, **extra))


FRONT = "---\ntitle: {title}\nsource: Test Wire\npublished: 2024-01-10\n---\n"
STORY = "Officials said 12 tanks crossed the border on 3 May 2024, according to the army.\n"


def _bomb(levels: int, width: int) -> str:
    """A "billion laughs" alias bomb: each level a list of ``width`` aliases of the level below."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for k in range(1, levels):
        lines.append(f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * width) + "]")
    return "\n".join(lines)


def build(folder: Path, good: Path) -> list[Kind]:
    """Write every kind under ``folder/hostile`` and copy the good articles of ``good`` to ``folder/good``."""
    shutil.copytree(good, folder / GOOD)
    (folder / HOSTILE).mkdir()
    b = _Builder(folder)
    first_good = sorted(p for p in (folder / GOOD).iterdir() if p.suffix == ".md")[0]

    # ---- kinds handled before (kept handled)
    b.rejected("binary.md", b"Talks\x00\x01\x02 in Warsaw", "binary file")
    b.rejected("empty.md", b"", "empty file")
    b.rejected("whitespace.txt", b" \n\t \r\n", "empty file")
    b.rejected("bom-only.txt", b"\xef\xbb\xbf\n", "empty file")
    b.rejected("latin1.txt", "Caf\u00e9 talks in Warsaw.".encode("latin-1"), "not UTF-8")
    b.rejected("utf16le.txt", "Talks in Warsaw.".encode("utf-16"), "UTF-16")
    b.rejected("utf16be.md", b"\xfe\xff" + "Talks in Warsaw.".encode("utf-16-be"), "UTF-16")
    b.rejected("utf32.txt", "Talks in Warsaw.".encode("utf-32"), "undecodable text")
    b.rejected("overlong-utf8.txt", b"Talks \xc0\xaf in Warsaw.", "not UTF-8")
    b.rejected("encoded-surrogate.txt", b"Talks \xed\xa0\x80 in Warsaw.", "not UTF-8")
    b.read("utf8-bom.md", b"\xef\xbb\xbf" + (FRONT.format(title="BOM") + STORY + "With a mark.\n").encode())
    b.rejected("report.pdf", b"%PDF-1.4 binary", "unsupported file type '.pdf'")
    b.rejected("noextension", b"Plain words.", "unsupported file type (no extension)")
    b.rejected("unclosed.md", "---\ntitle: Open\nText without a closing line.\n", "no closing '---' line")
    b.rejected("bad-yaml.md", "---\ntitle: [unclosed\n---\nText.\n", "bad YAML")
    b.rejected("yaml-list.md", "---\n- a\n- b\n---\nText.\n", "expected a YAML mapping, found a list")
    b.rejected("yaml-scalar.md", "---\njust words\n---\nText.\n", "expected a YAML mapping, found a string")
    b.rejected("empty-body.md", "---\ntitle: Nothing\n---\n\n", "empty text after front matter")
    b.rejected("python-tag.md", "---\ntitle: !!python/object/apply:os.system [id]\n---\nText.\n", "bad YAML")
    b.rejected("unhashable-key.md", "---\n? [a, b]\n: c\n---\nText.\n", "bad YAML")
    b.rejected("bad.json", '{"text": "a",}', "malformed JSON")
    b.rejected("scalar.json", "42", "JSON top level is a number")
    b.rejected("empty-list.json", "[]", "empty JSON list")
    b.rejected("no-text.json", '{"title": "T", "body": "B"}', "no 'text' field")
    b.rejected("text-not-string.json", '{"text": 5}', "'text' is a number")
    b.rejected("blank-text.json", '{"text": "  "}', "empty text")
    b.rejected("surrogate.json", '{"text": "Talks \\ud800 in Warsaw."}', "unpaired surrogate")
    b.records("list.json", json.dumps([{"text": "Envoys met in Doha on 4 May 2024."}, "oops"]), [2], [1],
              "expected a JSON object")
    b.records("feed.jsonl", '{"text": "Talks resumed in Cairo."}\n{"text": broken\n[1, 2]\n', [2, 3], [1], "line")
    b.rejected("empty-page.html", "<html><body></body></html>", "no extractable main text")
    b.rejected("script-page.html", "<html><head><script>var a = 1;</script></head></html>", "no extractable")
    b.read("latin1-page.html", ("<html><head><meta charset='iso-8859-1'><title>Caf\u00e9</title></head><body>"
                                "<article><p>" + "Caf\u00e9 owners in Warsaw met officials on Monday. " * 8
                                + "</p></article></body></html>").encode("latin-1"))
    b.rejected("undeclared-latin1.html", "<p>Caf\u00e9</p>".encode("latin-1"), "not UTF-8")
    b.rejected("duplicate.md", first_good.read_bytes(), f"duplicate of {GOOD}/{first_good.name}")
    b.special("dangling-link.md", lambda p: p.symlink_to(p.parent / "nowhere.md"), "broken symbolic link")
    b.special("unreadable.md", lambda p: (p.write_text(STORY + "Locked.\n"), p.chmod(0)), "permission denied", unreadable=True)

    def locked_folder(p: Path) -> None:
        p.mkdir()
        (p / "inside.md").write_text(STORY + "Inside a locked folder.\n")
        p.chmod(0)

    name = b.name("locked-folder")
    locked_folder(folder / HOSTILE / name)
    b.kinds.append(Kind(name, "rejected", rejected=(f"{HOSTILE}/{name}/",), reason="unreadable folder",
                        unreadable=True))

    # ---- kinds that crashed the batch or slipped through (issue 10)
    for stem, value in (("yaml-month-13.md", "published: 2024-13-45"), ("yaml-feb-30.md", "updated: 2023-02-30"),
                        ("yaml-hour-25.md", "updated: 2024-01-01 25:00:00"),
                        ("yaml-huge-int.md", "views: " + "9" * 5000)):
        b.read(stem, f"---\ntitle: Bad value\n{value}\n---\n{STORY}{stem}\n", claims=("12 tanks",))
    b.rejected("deep.json", '{"text": "x", "m": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply")
    b.records("deep.jsonl", '{"text": "Ceasefire talks in Doha."}\n{"text": "x", "m": ' + "[" * 100_000
              + "]" * 100_000 + "}\n", [2], [1], "nested too deeply")
    b.rejected("huge-int.json", '{"text": "x", "n": ' + "7" * 5000 + "}", "5,000 digits")
    b.records("huge-int.jsonl", '{"text": "x", "n": ' + "7" * 5000 + '}\n{"text": "Envoys met in Rome."}\n',
              [1], [2], "5,000 digits")
    b.special("link-loop.md", lambda p: (p.symlink_to(p.with_name(p.stem + "-2.md")),
                                         p.with_name(p.stem + "-2.md").symlink_to(p)),
              "symbolic link loop", count=2)
    raw_name = os.fsencode(b.name("caf")) + b"\xe9.md"  # a name that is not UTF-8
    (folder / HOSTILE).joinpath(os.fsdecode(raw_name)).write_text(FRONT.format(title="Latin-1 name") + STORY + "Named in Latin-1.\n")
    b.kinds.append(Kind(os.fsdecode(raw_name), "read", read=(f"{HOSTILE}/" + shown(os.fsdecode(raw_name)),),
                        claims=("12 tanks",)))
    b.rejected("forged\nclaimkit: rejected forged.md: a line that is not ours.md", b"", "empty file")
    b.rejected("terminal-\x1b[2J\x1b[31m-escape.md", b"", "empty file")
    b.rejected("bidi-\u202etxt.md", b"", "empty file")
    b.rejected("alias-bomb-569.md", f"---\n{_bomb(9, 9)}\ntitle: lol\n---\n{STORY}", "alias bomb")
    b.rejected("alias-bomb-469.md", f"---\n{_bomb(7, 9)}\ntitle: lol\n---\n{STORY}", "alias bomb")
    b.rejected("alias-loop.md", f"---\na: &a [*a]\n---\n{STORY}", "refers to the value that holds it")
    b.rejected("huge-front-matter.md", "---\n" + "".join(f"k{i}: {'v' * 60}\n" for i in range(2000)) + "---\n"
               + STORY, "over the limit of 65,536")
    b.rejected("deep-front-matter.md", "---\nm: " + "[" * 60 + "]" * 60 + "\n---\n" + STORY, "nested deeper")

    def sparse(p: Path) -> None:
        with open(p, "wb") as handle:
            handle.write(b"Talks in Warsaw. ")
            handle.truncate(200_000_000)  # 200 MB without writing them: rejected unread

    b.special("200mb.txt", sparse, "200,000,000 bytes, over the limit")
    b.rejected("5mb-one-line.txt", "Talks in Warsaw went on. " * 210_000, "over the limit of 2,000,000")
    filler = "The envoys met again in Warsaw and talked for hours about the long road ahead.\n"
    body = (filler * (1_000_001 // len(filler)))[: 1_000_001 - 2 * len(STORY)]
    b.read("1000001-chars.txt", STORY + body + STORY.replace("12", "14"), claims=("12 tanks", "14 tanks"))
    b.records("2mb-line.jsonl", json.dumps({"text": "Talks. " * 300_000}) + '\n{"text": "Envoys met in Oslo."}\n',
              [1], [2], "too large")
    b.records("u2028.jsonl", json.dumps({"text": "Talks\u2028in Warsaw.\u0085Envoys met on 3 May 2024."},
                                        ensure_ascii=False) + '\n{"text": "Envoys met in Bern."}\n', [], [1, 2], "")
    name = b.name("1e400.md")
    b.kinds.append(Kind(name, "read", read=(b.write(name, FRONT.format(title="Exponent")
                                                        + "The army said 1e400 people fled.\n" + STORY),),
                        claims=("12 tanks", "3 May 2024"), warning="number '1e400' skipped"))
    b.read("superscript.md", FRONT.format(title="Squares") + "About 10² soldiers and 5¹ trucks left.\n" + STORY,
           claims=("12 tanks", "3 May 2024"))
    b.read("weeks-and.txt", "The truce lasted " + "two weeks and " * 1000 + "one day.\n" + STORY,
           claims=("12 tanks",))
    b.read("hundred-and.txt", "They counted " + "two hundred and " * 1000 + "one.\n" + STORY, claims=("12 tanks",))
    name = b.name("linked-folder")
    (folder / HOSTILE / name).symlink_to(folder / GOOD, target_is_directory=True)
    b.kinds.append(Kind(name, "rejected", rejected=(f"{HOSTILE}/{name}/",), reason="not followed"))
    b.special("fifo.md", lambda p: os.mkfifo(p), "not a regular file: a named pipe")
    b.special("device.md", lambda p: p.symlink_to("/dev/zero"), "not a regular file: a device")
    b.read("crlf.md", (FRONT.format(title="CRLF") + STORY).replace("\n", "\r\n"), claims=("12 tanks",))
    b.read("nul-escape.json", json.dumps({"text": "Talks\u0000 in Warsaw on 3 May 2024."}))
    b.read("nan-date.json", '{"text": "Envoys met in Paris.", "published": NaN}', warning="not understood")
    b.read("long-name-" + "x" * 200 + ".md", FRONT.format(title="Long name") + "Envoys met in Madrid.\n")
    return b.kinds


def as_unprivileged(argv: list[str]) -> list[str]:
    """``argv`` run so that a chmod 000 file is unreadable: as root, without the capabilities that let
    root read anything (util-linux ``setpriv``); skips the test when that cannot be arranged."""
    if os.geteuid() != 0:
        return argv
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root, which reads chmod 000 files, and setpriv is not installed to drop that")
    return [setpriv, *SETPRIV_DROP, *argv]


def restore_permissions(folder: Path) -> None:
    """Make the corpus deletable again (pytest removes old temporary folders)."""
    for path in folder.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
