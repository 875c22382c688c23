"""The library's log warnings reach the terminal as ``claimkit: …`` lines, like every other message."""

import logging
import subprocess
import sys


def test_a_library_warning_is_one_prefixed_line():
    code = ("import logging, sys\n"
            "from claimkit import cli\n"
            "cli._log_lines(); cli._log_lines()\n"  # twice: still one handler, one line
            "logging.getLogger('claimkit.pipeline').warning('%s: %s', 'a.md', 'parsing failed')\n"
            "logging.getLogger('claimkit').info('not shown')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.splitlines() == ["claimkit: a.md: parsing failed"]
    assert done.stdout == ""


def test_log_records_still_reach_other_handlers(caplog):
    from claimkit import cli

    cli._log_lines()
    with caplog.at_level(logging.WARNING, logger="claimkit"):
        logging.getLogger("claimkit").warning("seen by pytest")
    assert [r.getMessage() for r in caplog.records] == ["seen by pytest"]
