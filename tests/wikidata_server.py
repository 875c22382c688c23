"""A real HTTP server on 127.0.0.1 that answers the kit's SPARQL queries from recorded results.

It reads the query from the POST body like the Query Service, finds the query's name on its
``#claimkit-query:`` line, and answers with the slice of ``tests/fixtures/wikidata/NAME.json`` that
the query's ``LIMIT``/``OFFSET`` ask for (a labels query: the rows of the items in its ``VALUES``).
``faults`` scripts failures by request number: an HTTP status with headers, a delay longer than the
client's timeout, a malformed body, or a dropped connection.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

RECORDED = Path(__file__).parent / "fixtures" / "wikidata"


@dataclass
class Fault:
    """What the server does instead of answering: ``status`` (with ``headers``), ``delay`` seconds of
    silence, ``body`` sent with 200, or ``drop`` the connection."""

    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    body: bytes | None = None
    drop: bool = False


@dataclass
class Log:
    """What the server saw: one entry per request (query name, offset, User-Agent, Accept)."""

    requests: list[dict[str, Any]] = field(default_factory=list)


def _answer(query: str) -> dict[str, Any]:
    name = re.search(r"#claimkit-query:\s*(\w+)", query)
    if name is None:
        raise ValueError("not a query of the kit")
    data = json.loads((RECORDED / f"{name.group(1)}.json").read_text(encoding="utf-8"))
    rows = data["results"]["bindings"]
    if name.group(1) == "labels":
        wanted = set(re.findall(r"wd:(Q\d+)", query.split("VALUES", 1)[1].split("}", 1)[0]))
        rows = [r for r in rows if r["item"]["value"].rsplit("/", 1)[1] in wanted]
    limit = re.search(r"LIMIT (\d+)", query)
    offset = re.search(r"OFFSET (\d+)", query)
    if limit and offset:
        start = int(offset.group(1))
        rows = rows[start: start + int(limit.group(1))]
    return {"head": data["head"], "results": {"bindings": rows}}


@contextmanager
def serve(faults: dict[int, Fault] | None = None) -> Iterator[tuple[str, Log]]:
    """Run the server for the ``with`` block; yields (endpoint URL, log). ``faults`` maps a request's
    number (1 = the first) to what happens instead of the answer."""
    faults = faults or {}
    log = Log()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            return

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            length = int(self.headers.get("Content-Length") or 0)
            form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
            query = form.get("query", [""])[0]
            name = re.search(r"#claimkit-query:\s*(\w+)", query)
            offset = re.search(r"OFFSET (\d+)", query)
            log.requests.append({"query": name.group(1) if name else None, "offset": int(offset.group(1)) if offset else None,
                                 "user_agent": self.headers.get("User-Agent"), "accept": self.headers.get("Accept")})
            fault = faults.get(len(log.requests))
            if fault is not None:
                if fault.delay:
                    time.sleep(fault.delay)
                if fault.drop:
                    self.close_connection = True
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n{\"head\":")
                    return
                if fault.status is not None:
                    self.send_response(fault.status)
                    for key, value in fault.headers.items():
                        self.send_header(key, value)
                    body = b"Too many requests" if fault.status == 429 else b"Service unavailable"
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                if fault.body is not None:
                    self._send(fault.body)
                    return
            try:
                body = json.dumps(_answer(query)).encode("utf-8")
            except ValueError:
                self.send_response(400)
                self.end_headers()
                return
            self._send(body)

        def _send(self, body: bytes) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json;charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", log
    finally:
        server.shutdown()
        server.server_close()
