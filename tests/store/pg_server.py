"""A throwaway PostgreSQL 15 server for the test session (no mocks: the store's real back end).

Started from Debian's binaries (``/usr/lib/postgresql/15/bin``, ``scripts/system.sh`` installs
them in CI) on a free port of 127.0.0.1. PostgreSQL refuses to run as root, and CI runs as root:
then the data folder goes under ``/tmp/sitrep-pg-<pid>``, owned by the ``postgres`` user, and
``initdb``/``pg_ctl`` run through ``runuser -u postgres --``. Durability is switched off
(``fsync=off``): the data is thrown away at the end of the session.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["PG_BIN", "PostgresServer"]

PG_BIN = Path(os.environ.get("SITREP_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    """start() → url "postgresql://postgres@127.0.0.1:PORT/postgres"; stop() removes everything."""

    root: Path = field(default_factory=lambda: Path(f"/tmp/sitrep-pg-{os.getpid()}"))
    port: int = field(default_factory=_free_port)

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        command = [str(PG_BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")

    def start(self) -> str:
        if not (PG_BIN / "postgres").exists():
            raise RuntimeError(f"PostgreSQL binaries not found in {PG_BIN}: run scripts/system.sh")
        shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(mode=0o700)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        data = self.root / "data"
        self._run("initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C")
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
        )
        self._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(self.root / "log"), "-w", "-t", "60", "start")
        return self.url

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
