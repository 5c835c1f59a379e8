"""A real CUPS server with cups-pdf queues for the tests (scripts/cups.sh): the one scripts/test.sh
started (POS_TEST_CUPS_*), else one started here for this session. The tests skip only when no
CUPS can be started, never under CI=true."""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JOB_WAIT_SECONDS = 120          # a generous bound for gs on a loaded machine; not a speed assertion


@dataclass(frozen=True)
class CupsServer:
    socket: str
    queue: str
    out: Path
    uri: str
    ppd: str

    def env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": self.socket, "LC_ALL": "C"}

    def run(self, *args: str) -> str:
        return subprocess.run(args, env=self.env(), check=True, capture_output=True, text=True).stdout

    def add_queue(self, name: str) -> str:
        """Another cups-pdf queue writing to the same folder."""
        self.run("lpadmin", "-p", name, "-E", "-v", self.uri, "-P", self.ppd)
        return name

    def printed(self, request: str) -> bytes:
        """The PDF cups-pdf wrote for `request` ("request id is QUEUE-7 (1 file(s))"), once the job is done."""
        found = re.search(r"request id is (\S+)-(\d+)", request)
        assert found, request
        queue, job = found.groups()
        deadline = time.monotonic() + JOB_WAIT_SECONDS
        while time.monotonic() < deadline:
            done = self.run("lpstat", "-W", "completed", "-o", queue)
            files = list(self.out.glob(f"*-job_{job}.pdf"))
            if f"{queue}-{job} " in done and files:
                return files[0].read_bytes()
            time.sleep(0.2)
        raise AssertionError(f"CUPS did not finish job {queue}-{job}: {self.run('lpstat', '-l', '-o', queue)}")


def _start() -> tuple[CupsServer, str | None]:
    if os.environ.get("POS_TEST_CUPS_QUEUE"):
        env = os.environ
        started_dir = None
    else:
        proc = subprocess.run(["bash", str(ROOT / "scripts" / "cups.sh"), "start"], capture_output=True, text=True)
        if proc.returncode:
            reason = f"NO CUPS SERVER could be started: {proc.stderr.strip() or proc.stdout.strip()}"
            if os.environ.get("CI") == "true":
                pytest.fail(reason + " (CI must print through a real queue)")
            pytest.skip(reason)
        env = dict(line.split("=", 1) for line in proc.stdout.splitlines() if "=" in line)
        started_dir = env["POS_TEST_CUPS_DIR"]
    server = CupsServer(env["CUPS_SERVER"], env["POS_TEST_CUPS_QUEUE"], Path(env["POS_TEST_CUPS_OUT"]),
                        env["POS_TEST_CUPS_URI"], env["POS_TEST_CUPS_PPD"])
    return server, started_dir


@pytest.fixture(scope="session")
def cups_server():
    server, started_dir = _start()
    yield server
    if started_dir:
        subprocess.run(["bash", str(ROOT / "scripts" / "cups.sh"), "stop", started_dir], check=False)


@pytest.fixture
def cups(cups_server, monkeypatch):
    """The server, with lp and lpstat of this process talking to it."""
    monkeypatch.setenv("CUPS_SERVER", cups_server.socket)
    return cups_server
