"""Fixtures: a real `logbook serve` for the live tests (started once, on first use)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the `support` package

from logbook_client import LogbookClient  # noqa: E402

REPO = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LogbookServer:
    """A `logbook serve` child process on a temporary store; `restart()` keeps the store."""

    def __init__(self, binary: Path, store: Path, args: tuple[str, ...] = ()) -> None:
        self.binary = binary
        self.store = store
        self.args = args
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log = store.parent / "serve.log"
        self.token = ""

    def create_token(self, scope: str = "admin") -> str:
        out = subprocess.run([str(self.binary), "token", "create", "--scope", scope,
                              "--store", str(self.store)],
                             check=True, capture_output=True, text=True, timeout=60)
        token = out.stdout.strip().splitlines()[-1].strip()
        if scope == "admin":
            self.token = token
        return token

    def start(self) -> None:
        log = open(self.log, "ab")
        self.process = subprocess.Popen(
            [str(self.binary), "serve", "--listen", f"127.0.0.1:{self.port}",
             "--store", str(self.store), *self.args], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"logbook serve exited with {self.process.returncode}; "
                                   f"see {self.log}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"logbook serve did not answer /healthz in 60 s; see {self.log}")

    def stop(self, kill: bool = False) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        if kill:
            self.process.kill()
        else:
            self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)

    def restart(self, kill: bool = False) -> None:
        self.stop(kill=kill)
        self.start()


@pytest.fixture(scope="session")
def logbook_server(tmp_path_factory):
    binary = Path(os.environ.get("LOGBOOK_BIN", REPO / ".build" / "debug" / "logbook"))
    if not binary.exists():
        raise RuntimeError(f"no logbook binary at {binary}: build it (swift build) or set LOGBOOK_BIN")
    store = tmp_path_factory.mktemp("logbook") / "store"
    store.mkdir()
    server = LogbookServer(binary, store)
    server.create_token()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server_factory(tmp_path):
    """Starts extra servers, each on its own store and with its own options; stops them all."""
    binary = Path(os.environ.get("LOGBOOK_BIN", REPO / ".build" / "debug" / "logbook"))
    started: list[LogbookServer] = []

    def start(*args: str) -> LogbookServer:
        store = tmp_path / f"store{len(started)}"
        store.mkdir()
        server = LogbookServer(binary, store, args)
        server.create_token()
        server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop(kill=True)


@pytest.fixture
def logbook_client(logbook_server):
    client = LogbookClient(logbook_server.url, logbook_server.token)
    yield client
    client.close()
