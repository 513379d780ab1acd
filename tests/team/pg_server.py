"""A private PostgreSQL for the team tests: ``initdb`` and ``pg_ctl`` from the machine's binaries,
a cluster in a temporary folder, listening only on a Unix socket in that folder (no TCP port), a
password for every role (scram-sha-256, the superuser's too). PostgreSQL refuses to run as root:
when the tests run as root, the server runs as ``nobody``."""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "fieldcrm_owner"  # the database's owner: what `team init` is run as
DATABASE = "team"
START_SECONDS = 30


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, or None on a machine without PostgreSQL."""
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(versions[-1]).parent if versions else None


def _as_unprivileged() -> tuple[Callable[[], None] | None, int | None]:
    """What to run the server's processes as: ``nobody`` when we are root."""
    if os.geteuid() != 0:
        return None, None
    nobody = pwd.getpwnam("nobody")

    def drop() -> None:
        os.setgid(nobody.pw_gid)
        os.setuid(nobody.pw_uid)

    return drop, nobody.pw_uid


@dataclass
class Server:
    """A running private server: how to reach it, and its superuser's password."""

    bin: Path
    root: Path
    password: str

    @property
    def socket_dir(self) -> Path:
        return self.root / "run"

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, user: str = SUPERUSER, password: str | None = None, database: str = DATABASE) -> str:
        """A libpq connection URL over the socket (the password in it only where given)."""
        secret = password if password is not None else (self.password if user == SUPERUSER else "")
        auth = f"{user}:{secret}@" if secret else f"{user}@"
        return f"postgresql://{auth}/{database}?host={self.socket_dir}"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        drop, _ = _as_unprivileged()
        done = subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            preexec_fn=drop,  # no threads are started before it runs
            capture_output=True,
            text=True,
            timeout=START_SECONDS,
            cwd="/",
        )
        if done.returncode:
            raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr.strip()}")
        return done

    def start(self) -> None:
        options = f"-k {self.socket_dir} -c listen_addresses='' -c fsync=off -c max_connections=60"
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")


def start_server(root: Path) -> Server:
    """initdb a new cluster under ``root`` and start it; the team database exists, empty,
    owned by SUPERUSER."""
    bin_dir = binaries()
    assert bin_dir is not None
    password = secrets.token_urlsafe(16)
    _, uid = _as_unprivileged()
    root.mkdir(parents=True, exist_ok=True)
    (root / "run").mkdir()
    pwfile = root / "pw"
    pwfile.write_text(password + "\n")
    if uid is not None:
        for path in (root, root / "run", pwfile):
            os.chown(path, uid, -1)
    server = Server(bin_dir, root, password)
    server.run(
        "initdb", "-D", str(server.data), "-U", SUPERUSER, f"--pwfile={pwfile}", "--auth=scram-sha-256",
        "-E", "UTF8", "--locale=C.UTF-8",
    )  # fmt: skip
    pwfile.unlink()
    server.start()
    env = {**os.environ, "PGPASSWORD": password}
    drop, _ = _as_unprivileged()
    subprocess.run(
        [str(bin_dir / "createdb"), "-h", str(server.socket_dir), "-U", SUPERUSER, DATABASE],
        env=env, preexec_fn=drop, check=True, capture_output=True, timeout=START_SECONDS, cwd="/",
    )  # fmt: skip
    return server
