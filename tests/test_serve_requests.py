"""The preview server's answers to hostile requests: a foreign Host (DNS rebinding), a symlink
out of output/, a hidden or unknown kind of file, an idle connection."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from officedocs.serve import Handler, LiveState
from officedocs.serverules import IDLE_SECONDS, served_file


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """A server on output/ holding a page, a PDF, a hidden file, a script, and symlinks."""
    output = tmp_path / "output"
    (output / "sop").mkdir(parents=True)
    (output / "index.html").write_text("<html><body>Beranda</body></html>")
    (output / "sop" / "a.pdf").write_bytes(b"%PDF-1.7 a")
    (output / ".build-manifest.json").write_text('{"records": {"sop/rahasia.pdf": {}}}')
    (output / "sop" / "a.py").write_text("print('x')")
    secret = tmp_path / "rahasia.txt"
    secret.write_text("kata sandi")
    (output / "bocor.txt").symlink_to(secret)
    (output / "luar").symlink_to(tmp_path)
    (output / "sop" / "b.pdf").symlink_to(output / "sop" / "a.pdf")  # inside: fine
    handler = type("H", (Handler,), {"state": LiveState(), "root": output})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], output
    finally:
        server.shutdown()
        server.server_close()


def get(port: int, path: str, host: str | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest("GET", path, skip_host=True)
    conn.putheader("Host", host if host is not None else f"127.0.0.1:{port}")
    conn.endheaders()
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


def test_a_foreign_host_gets_421(served: tuple[int, Path]) -> None:
    port, _ = served
    assert get(port, "/", "evil.example")[0] == 421
    assert get(port, "/", f"evil.example:{port}")[0] == 421
    assert get(port, "/", "127.0.0.1")[0] == 421  # another port's name
    assert get(port, "/", "")[0] == 421
    assert get(port, "/")[0] == 200
    assert get(port, "/", f"localhost:{port}")[0] == 200


def test_a_symlink_out_of_output_is_404(served: tuple[int, Path]) -> None:
    port, _ = served
    status, body = get(port, "/bocor.txt")
    assert status == 404 and b"kata sandi" not in body
    status, body = get(port, "/luar/rahasia.txt")
    assert status == 404 and b"kata sandi" not in body
    assert get(port, "/../rahasia.txt")[0] == 404
    assert get(port, "/%2e%2e/rahasia.txt")[0] == 404
    assert get(port, "/sop/b.pdf") == (200, b"%PDF-1.7 a")  # a link inside output/ is fine


def test_only_the_kinds_of_file_the_build_writes(served: tuple[int, Path]) -> None:
    port, _ = served
    status, body = get(port, "/.build-manifest.json")
    assert status == 404 and b"rahasia" not in body
    assert get(port, "/sop/a.py")[0] == 404
    assert get(port, "/sop/a.pdf") == (200, b"%PDF-1.7 a")
    status, body = get(port, "/")
    assert status == 200 and body.startswith(b"<html><body>Beranda<script")


@pytest.mark.slow  # waits out the idle timeout
def test_an_idle_connection_is_closed(served: tuple[int, Path]) -> None:
    port, _ = served
    with socket.create_connection(("127.0.0.1", port), timeout=IDLE_SECONDS + 20) as sock:
        started = time.monotonic()
        sock.sendall(b"GET / HTTP/1.1\r\n")  # ... and never the rest
        assert sock.recv(1024) == b""  # closed by the server
        assert time.monotonic() - started < IDLE_SECONDS + 10


@pytest.mark.slow  # a property test
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            [
                "..",
                ".",
                "",
                "%2e%2e",
                "luar",
                "bocor.txt",
                "sop",
                "a.pdf",
                ".build-manifest.json",
                "%00",
                "x\\y",
            ]
        ),
        max_size=6,
    )
)
def test_no_url_names_a_file_outside_output(served: tuple[int, Path], parts: list[str]) -> None:
    _, output = served
    found = served_file(output, "/" + "/".join(parts))
    assert found is None or (
        found.is_relative_to(output.resolve()) and not found.name.startswith(".")
    )
