"""Real stores for Lookup's tests and benchmarks: Redis and PostgreSQL servers, and a TCP proxy that delays or cuts.

- ``start_redis()`` / ``start_postgres()`` start a throwaway server on 127.0.0.1 on a free port, in a temporary
  folder, and give a ``Server`` (its ``url``; ``stop()`` also removes the folder). PostgreSQL refuses to run as
  root, so as root it runs as the ``postgres`` user that Debian's package creates.
- ``DelayProxy(port, delay_ms)`` forwards 127.0.0.1:``proxy.port`` to 127.0.0.1:``port``, holding every chunk
  ``delay_ms`` in each direction (a store across a network), and can cut its connections (a lost connection) or
  stop listening (a store that is gone). ``python tests/stores.py proxy PORT DELAY_MS`` runs one on its own, for a
  benchmark whose lookups should cost a set wall time without the proxy's CPU counting in the measured process.

PostgreSQL can also be slowed with no proxy: ``pg_sleep`` in the query waits in the server, so a lookup costs its wall
time and almost no CPU in the client. ``postgres_countries(url, rows, delay_ms=1)`` makes such a table and gives the
``store`` setting that asks it (the seed's 1 ms lookup).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, what: str, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode} before it listened on port {port}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"{what} did not listen on port {port} within {seconds:.0f} s")


@dataclass
class Server:
    """A server this module started: its URL, and how to stop it."""

    url: str
    port: int
    process: subprocess.Popen
    folder: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def start_redis() -> Server:
    """redis-server on a free port, keeping nothing on disk."""
    folder = Path(tempfile.mkdtemp(prefix="smtbench-redis-"))
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen([binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly",
                                "no", "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for_port(port, process, "redis-server")
    return Server(f"redis://127.0.0.1:{port}/0", port, process, folder)


def _postgres_bin(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
        if not versions:
            raise RuntimeError(f"PostgreSQL's {name} is not installed (apt-get install postgresql)")
        found = str(versions[-1])
    return found


def start_postgres() -> Server:
    """A fresh PostgreSQL cluster on a free port, user ``smtbench`` with trust auth on 127.0.0.1."""
    folder = Path(tempfile.mkdtemp(prefix="smtbench-postgres-"))
    initdb, postgres = _postgres_bin("initdb"), _postgres_bin("postgres")
    data = folder / "pgdata"
    data.mkdir(parents=True)
    as_user: dict = {}
    if os.geteuid() == 0:  # postgres refuses root: run it as Debian's postgres user
        account = pwd.getpwnam("postgres")
        for path in (folder, data):
            os.chown(path, account.pw_uid, account.pw_gid)
        as_user = {"user": account.pw_uid, "group": account.pw_gid}
    subprocess.run([initdb, "-D", str(data), "-U", "smtbench", "--auth=trust", "-E", "UTF8", "--no-sync"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **as_user)
    port = free_port()
    process = subprocess.Popen([postgres, "-D", str(data), "-p", str(port), "-h", "127.0.0.1", "-k", str(folder),
                                "-c", "fsync=off"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **as_user)
    _wait_for_port(port, process, "postgres")
    return Server(f"postgresql://smtbench@127.0.0.1:{port}/postgres", port, process, folder)


def postgres_countries(url: str, rows: dict, delay_ms: float = 0.0, table: str = "countries") -> dict:
    """(Re)create ``table`` (code, name) holding ``rows`` in the PostgreSQL at ``url``, and give a Lookup's
    ``store`` setting whose every lookup that finds its row waits ``delay_ms`` in the server (pg_sleep) before it
    answers (a miss never reaches the pg_sleep beside the row)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
        conn.execute(f"CREATE TABLE {table} (code TEXT PRIMARY KEY, name TEXT NOT NULL)")
        with conn.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} VALUES (%s, %s)", list(rows.items()))
    sleep = f", pg_sleep({delay_ms / 1000})" if delay_ms else ""
    return {"url": url, "query": f"SELECT name FROM {table}{sleep} WHERE code = %s"}


class DelayProxy:
    """A TCP proxy on 127.0.0.1 in front of ``127.0.0.1:port``: each chunk waits ``delay_ms`` (settable at any
    time) before it is passed on, in both directions. ``cut()`` closes the connections it carries; ``close()``
    also stops listening, so a reconnect is refused."""

    def __init__(self, port: int, delay_ms: float = 0.0):
        self.target = port
        self.delay_ms = delay_ms
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:  # closed
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target), timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            for sock in (client, upstream):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                if self.delay_ms:
                    time.sleep(self.delay_ms / 1000)
                sink.sendall(chunk)
        except OSError:
            pass
        for sock in (source, sink):
            _shut(sock)

    def cut(self) -> None:
        """Drop every connection carried so far, as a network or a restarted server would."""
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _shut(sock)

    def close(self) -> None:
        _shut(self._listener)  # shutdown wakes the accepting thread; a bare close leaves the port listening
        self.cut()


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "proxy":
        sys.exit("usage: python tests/stores.py proxy TARGET_PORT DELAY_MS  (prints the proxy's port)")
    proxy = DelayProxy(int(sys.argv[2]), float(sys.argv[3]))
    print(proxy.port, flush=True)
    threading.Event().wait()
