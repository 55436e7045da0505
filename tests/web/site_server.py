"""A real HTTP server on 127.0.0.1 for the web tests: routes with real redirects, gzip, slow answers
and errors, served from a thread over real sockets; it records every request it receives."""

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    redirect: str | None = None  # answer 302 to this path or URL
    delay_s: float = 0.0  # before the status line
    trickle_s: float = 0.0  # between 1 KB pieces of the body
    gzip: bool = False
    busy: int = 0  # answer 503 (with `headers`, e.g. Retry-After) this many times first
    length: int | None = None  # Content-Length to announce instead of the real one


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A client that hangs up early (a size cap, a deadline) is expected; anything else is not."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SiteServer:
    """`server.routes["/a"] = Route(...)`; `server.url("/a")`; `server.requests` lists (path, headers)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep pytest output clean
                pass

            def do_GET(self) -> None:
                outer.requests.append((self.path, dict(self.headers)))
                route = outer.routes.get(self.path)
                if route is None:
                    return self._send(404, b"<html><body>nicht gefunden</body></html>", "text/html")
                time.sleep(route.delay_s)
                if route.busy > 0:
                    route.busy -= 1
                    return self._send(503, b"busy", "text/plain", route.headers)
                if route.redirect is not None:
                    return self._send(302, b"", None, {"Location": route.redirect})
                body = gzip.compress(route.body) if route.gzip else route.body
                extra = {**route.headers, **({"Content-Encoding": "gzip"} if route.gzip else {})}
                self._send(route.status, body, route.content_type, extra, route.trickle_s, route.length)

            def _send(self, status, body, content_type, headers=None, trickle_s=0.0, length=None):
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body) if length is None else length))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    for start in range(0, len(body), 1024):
                        self.wfile.write(body[start:start + 1024])
                        self.wfile.flush()
                        time.sleep(trickle_s)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (size cap, deadline): that is what some tests want

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> "SiteServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
