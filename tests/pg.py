"""A throwaway PostgreSQL cluster for the tests and the bench (Debian's packages).

PostgreSQL refuses to run as root, so as root the cluster runs as the ``postgres``
user (``runuser``), in a temporary folder it owns, on a free port of 127.0.0.1 with
its socket in that folder. :func:`start` returns a running cluster or raises
:class:`Unavailable` saying why not.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path


class Unavailable(RuntimeError):
    pass


@dataclass
class Cluster:
    folder: Path
    port: int
    bin: Path
    as_postgres: bool

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def new_database(self) -> str:
        """A fresh empty database in the cluster; its URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._run(
                [
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.folder / "data"),
                    "-m",
                    "immediate",
                    "stop",
                ]
            )
        shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, command: list[str]) -> subprocess.CompletedProcess[str]:
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(*, fsync: bool = False) -> Cluster:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise Unavailable(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; "
            "`apt-get install postgresql`, as .ci/run does)"
        )
    bin_dir = Path(found[-1]).parent
    as_postgres = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="intake-bot-pg-"))
    if as_postgres:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder, ignore_errors=True)
            raise Unavailable("running as root and there is no `postgres` user") from None
        if shutil.which("runuser") is None:
            raise Unavailable("running as root and `runuser` is missing")
        os.chown(folder, user.pw_uid, user.pw_gid)
    folder.chmod(0o700)
    cluster = Cluster(folder, _free_port(), bin_dir, as_postgres)
    data = folder / "data"
    done = cluster._run(
        [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"]
        + ([] if fsync else ["--no-sync"])
    )
    if done.returncode:
        cluster.stop()
        raise Unavailable(f"initdb failed: {done.stderr.strip()[-500:]}")
    options = f"-p {cluster.port} -k {folder} -h 127.0.0.1 -c max_connections=100"
    if not fsync:
        options += " -F -c synchronous_commit=off -c full_page_writes=off"
    done = cluster._run(
        [
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(folder / "log"),
            "-w",
            "start",
        ]
    )
    if done.returncode:
        log = (
            (folder / "log").read_text(errors="replace")[-500:] if (folder / "log").exists() else ""
        )
        cluster.stop()
        raise Unavailable(f"pg_ctl start failed: {done.stderr.strip()[-300:]} {log}")
    return cluster
