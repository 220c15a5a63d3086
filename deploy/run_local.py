"""The topology of deploy/compose.yaml on this machine, without Docker.

N Streamlit replicas on free local ports reading the same database (``ABP_DB``),
behind nginx (Debian's package, run in the foreground by this script) with
deploy/nginx.conf: only the ports, the replica addresses and the file paths are
changed, so what runs here is the configuration the containers use.

    python deploy/run_local.py --db data/abp.duckdb --replicas 2 --port 8080

Build the database first (``python deploy/prepare_database.py --db ...``), and load
into it with ``python -m lib import ... --db ...`` while this runs. Ctrl-C stops
everything. tests/test_deploy.py drives the same code.
"""

from __future__ import annotations

import argparse
import contextlib
import grp
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
NGINX_CONF = Path(__file__).with_name("nginx.conf")
COMPOSE_UPSTREAM = "server app:8501;"
NGINX_TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def nginx_executable() -> str | None:
    """Debian's nginx (``apt-get install nginx-light``); /usr/sbin is often not on a user's PATH."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")


def free_ports(count: int) -> list[int]:
    """``count`` distinct local ports that were free a moment ago (held open together so none repeats)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _worker_user() -> str:
    """nginx's ``user`` line: as root, workers drop to ``nobody`` (Debian has no ``nginx`` user, and its
    ``nobody`` group is called ``nogroup``); otherwise nginx runs as the current user and needs none."""
    if os.geteuid() != 0:
        return ""
    nobody = pwd.getpwnam("nobody")
    return f"user nobody {grp.getgrgid(nobody.pw_gid).gr_name};"


def local_nginx_config(listen_port: int, replica_ports: list[int], workdir: Path) -> str:
    """deploy/nginx.conf with local ports, replicas and paths (pid, logs and temp files in ``workdir``)."""
    temp_paths = [f"{kind}_temp_path {workdir / kind};" for kind in NGINX_TEMP_PATHS]
    replacements = {
        "user nginx;": [_worker_user()],
        "pid /var/run/nginx.pid;": [f"pid {workdir / 'nginx.pid'};"],
        "error_log /dev/stderr warn;": [f"error_log {workdir / 'error.log'} warn;"],
        "access_log /dev/stdout abp;": [f"access_log {workdir / 'access.log'} abp;", *temp_paths],
        COMPOSE_UPSTREAM: [f"server 127.0.0.1:{port};" for port in replica_ports],
        "listen 80;": [f"listen 127.0.0.1:{listen_port};"],
    }
    found = dict.fromkeys(replacements, 0)
    lines = []
    for line in NGINX_CONF.read_text().splitlines():
        directive = line.strip()
        if directive in replacements:
            found[directive] += 1
            indent = line[: len(line) - len(line.lstrip())]
            lines.extend(indent + new for new in replacements[directive])
        else:
            lines.append(line)
    wrong = [directive for directive, count in found.items() if count != 1]
    if wrong:
        raise ValueError(f"{NGINX_CONF} must hold each of these lines exactly once for a local run: {wrong}")
    return "\n".join(lines) + "\n"


@dataclass
class Topology:
    """A running local deployment: the proxy's URL, each replica's URL and process, and the logs."""

    proxy_url: str
    replica_urls: list[str]
    replicas: list[subprocess.Popen]
    workdir: Path
    nginx: subprocess.Popen | None = None
    logs: list[Path] = field(default_factory=list)

    @property
    def access_log(self) -> Path:
        return self.workdir / "access.log"

    def log_tails(self, chars: int = 3000) -> str:
        """The end of every log, for a failure message."""
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-chars:]}" for path in self.logs if path.exists()
        )


def _start(command: list[str], log: Path, env: dict | None = None) -> subprocess.Popen:
    # Own process group: stopping it also stops nginx's workers.
    with open(log, "wb") as output:
        return subprocess.Popen(
            command,
            cwd=PROJECT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def _stop(process: subprocess.Popen, grace: float = 30) -> None:
    if process.poll() is None:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # whatever the group left behind
    process.wait()


def start_replica(db: Path, port: int, log: Path, env: dict | None = None) -> subprocess.Popen:
    """``streamlit run app.py`` on ``127.0.0.1:port`` reading ``db``, as the compose ``app`` service does."""
    env = {
        **os.environ,
        "STREAMLIT_SERVER_MAX_UPLOAD_SIZE": "1",
        **(env or {}),
        "ABP_DB": str(db),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }  # viewers only, as in compose.yaml
    return _start(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        log,
        env,
    )


def wait_healthy(url: str, process: subprocess.Popen, topology: Topology, timeout: float) -> None:
    """Poll ``url/_stcore/health`` until it answers 200; raise with the logs if the process ends or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[:4]} exited with code {process.returncode}:\n{topology.log_tails()}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer /_stcore/health within {timeout:.0f} s:\n{topology.log_tails()}")


@contextmanager
def local_topology(
    db: Path, replicas: int = 2, port: int | None = None, env: dict | None = None, startup_timeout: float = 300
):
    """Start ``replicas`` Streamlit processes on ``db`` and nginx in front; yield a :class:`Topology` once all
    answer their health check; stop everything (and delete the temp folder) on exit."""
    nginx = nginx_executable()
    if nginx is None:
        raise FileNotFoundError("nginx is not installed: apt-get install -y nginx-light")
    # Not under pytest's private temp folder: as root, nginx's workers (nobody) must reach their temp files.
    workdir = Path(tempfile.mkdtemp(prefix="abp-deploy-"))
    workdir.chmod(0o755)
    *replica_ports, proxy_port = free_ports(replicas + 1)
    proxy_port = port or proxy_port
    topology = Topology(f"http://127.0.0.1:{proxy_port}", [f"http://127.0.0.1:{p}" for p in replica_ports], [], workdir)
    try:
        for number, replica_port in enumerate(replica_ports, start=1):
            log = workdir / f"replica-{number}.log"
            topology.logs.append(log)
            topology.replicas.append(start_replica(db, replica_port, log, env))
        config = workdir / "nginx.conf"
        config.write_text(local_nginx_config(proxy_port, replica_ports, workdir))
        topology.logs += [workdir / "nginx.log", workdir / "error.log", topology.access_log]
        command = [nginx, "-p", str(workdir), "-c", str(config), "-e", str(workdir / "error.log")]
        checked = subprocess.run([*command, "-t"], check=False, capture_output=True, text=True)
        if checked.returncode != 0:
            raise RuntimeError(f"nginx refused {config}:\n{checked.stderr}")
        topology.nginx = _start([*command, "-g", "daemon off;"], workdir / "nginx.log")
        for url, process in zip(topology.replica_urls, topology.replicas, strict=True):
            wait_healthy(url, process, topology, startup_timeout)
        wait_healthy(topology.proxy_url, topology.nginx, topology, startup_timeout)
        yield topology
    finally:
        for process in [topology.nginx, *topology.replicas]:
            if process is not None:
                _stop(process)
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db",
        default=os.environ.get("ABP_DB", str(PROJECT / "data" / "abp.duckdb")),
        help="database file shared by the replicas (default: $ABP_DB or data/abp.duckdb)",
    )
    parser.add_argument("--replicas", type=int, default=2, help="number of Streamlit processes (default 2)")
    parser.add_argument("--port", type=int, help="the proxy's port (default: a free one)")
    args = parser.parse_args(argv)
    db = Path(args.db).resolve()
    if not db.exists():
        print(f"error: {db} does not exist; build it with python deploy/prepare_database.py --db {db}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop the children on `kill` as on Ctrl-C
    with local_topology(db, args.replicas, args.port) as topology:
        for number, url in enumerate(topology.replica_urls, start=1):
            print(f"replica {number}: {url}")
        print(f"proxy: {topology.proxy_url}  (logs in {topology.workdir}; Ctrl-C stops)", flush=True)
        try:
            while all(process.poll() is None for process in [topology.nginx, *topology.replicas]):
                time.sleep(1)
        except KeyboardInterrupt:
            return 0
        print("a process ended:\n" + topology.log_tails(), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
