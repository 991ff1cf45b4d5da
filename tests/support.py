"""Small helpers shared by the tests: a free loopback port, the CLI as a user runs it."""

from __future__ import annotations

import socket
import subprocess
import sys


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_cli(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`python -m walletdesk ARGS` in a fresh process, as an operator's script runs it."""
    return subprocess.run(
        [sys.executable, "-m", "walletdesk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
