"""The kit's exceptions and coded messages: one place, so a user can search for a code.

Every message names the offending file (and line, where there is one) and the problem, in one line.
"""

from __future__ import annotations

from pathlib import Path


def shown(value: object) -> str:
    """``value`` as one printable line, for messages: control, format and separator characters are
    escaped (a newline in a file name could forge a line of output, a bidi override disguise one), and a
    byte that was not UTF-8 in a file name shows as ``\\xNN``."""
    text = str(value)
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char.isprintable():
            out.append(char)
        elif "\udc80" <= char <= "\udcff":  # os.fsdecode's stand-in for an undecodable byte
            out.append(f"\\x{ord(char) - 0xDC00:02x}")
        else:
            out.append(char.encode("unicode_escape", "backslashreplace").decode("ascii"))
    return "".join(out)


class ClaimkitError(Exception):
    """Base class of every error the kit raises on purpose. ``code`` is stable and searchable."""

    code = "CK000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")


class InputError(ClaimkitError):
    """An input file could not be read as an article (the batch goes on without it)."""

    code = "CK100"

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class NoInputError(ClaimkitError):
    """Nothing at all could be read from the given inputs."""

    code = "CK101"


class RejectedInputError(ClaimkitError):
    """``--strict``: some inputs were rejected, so nothing was written. ``rejected`` lists them."""

    code = "CK102"

    def __init__(self, rejected) -> None:  # a DataFrame of path, reason
        self.rejected = rejected
        super().__init__(f"--strict: {len(rejected)} input(s) rejected; nothing written")


class _AtLine(ClaimkitError):
    """An error in a file, named as ``path:line: problem``."""

    def __init__(self, path: str | Path, line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


class ReferenceDataError(_AtLine):
    """A reference file is invalid: names the file, the line and the problem."""

    code = "CK200"


class ModelNotFoundError(ClaimkitError):
    """No spaCy English pipeline is installed."""

    code = "CK300"

    def __init__(self, tried: tuple[str, ...]) -> None:
        super().__init__(
            "no spaCy English pipeline found (tried "
            + ", ".join(tried)
            + "). Install it with `make setup`, or "
            "`pip install --require-hashes -r requirements/model.txt`; or run with --fast."
        )


class ParameterError(ClaimkitError):
    """A notebook parameter is unknown or has the wrong type."""

    code = "CK400"


class RenderError(ClaimkitError):
    """A notebook failed while rendering; the executed notebook is kept for inspection."""

    code = "CK401"


class LockedError(ClaimkitError):
    """Another process is writing the output folder and this one was told not to wait (--no-wait)."""

    code = "CK501"

    def __init__(self, folder: str | Path, holder: str = "") -> None:
        self.folder = str(folder)
        super().__init__(f"{shown(folder)}: another run is writing this folder{holder}; not waiting (--no-wait)")


class TableError(ClaimkitError):
    """A table does not follow its contract (missing columns, wrong file)."""

    code = "CK500"


class ReferenceMismatchError(ClaimkitError):
    """A worker received a reference whose content is not the one the run named (a corrupted transfer,
    or a worker running another kit version)."""

    code = "CK230"

    def __init__(self, expected: str, got: str | None) -> None:
        super().__init__(f"a worker received reference {str(got)[:12]!s}, not the run's {expected[:12]}: "
                         "check that every worker runs the same claimkit version")


class ReferenceUpdateError(ClaimkitError):
    """A reference layer could not be fetched or converted (offline, refused, malformed answer);
    the previous layer is left as it was."""

    code = "CK210"


class ReferenceImportError(_AtLine):
    """A file given to ``claimkit reference import`` cannot be read: names the file, the line and the problem."""

    code = "CK220"


class LexiconError(ClaimkitError):
    """A word list of the kit (``claimkit/lexicon/*.yaml``) is invalid: names the file and every problem."""

    code = "CK600"

    def __init__(self, path: str | Path, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        super().__init__(f"{self.path}: " + "; ".join(problems))


class ReviewError(ClaimkitError):
    """A verdict cannot be recorded or read: an unknown review id, a rating off the scale, a bad line in
    verdicts.jsonl or an invalid settings file (named with the problem)."""

    code = "CK700"


class ExtractionWarning(UserWarning):
    """Part of one article could not be read (a number out of range): that claim is skipped, the article
    keeps the others, and the message lands in the article's ``warnings``."""
