"""The real server, started as a user would (`walletdesk serve`) on a free loopback port."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests import services, support


@dataclass
class LiveServer:
    url: str
    output: Path
    data_dir: Path
    database_url: str = ""  # empty: SQLite in data_dir

    def cli_env(self) -> dict[str, str]:
        """Environment for a `walletdesk` command on this server's database."""
        env = {**os.environ, "WALLETDESK_DATA_DIR": str(self.data_dir)}
        if self.database_url:
            env["WALLETDESK_DATABASE_URL"] = self.database_url
        return env


_free_port = support.free_port


@pytest.fixture(scope="session")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, model_cache: Path, postgres_template: str | None
) -> Iterator[LiveServer]:
    root = tmp_path_factory.mktemp("live")
    port = _free_port()
    database = services.create_database(template=postgres_template) if postgres_template else ""
    env = {
        **os.environ,
        **({"WALLETDESK_DATABASE_URL": services.database_url(database)} if database else {}),
        "WALLETDESK_DATA_DIR": str(root / "data"),
        "WALLETDESK_BRAND_NAME": "TestWallet",
        "WALLETDESK_LOG_LEVEL": "WARNING",
        "WALLETDESK_MODEL_CACHE_DIR": str(model_cache),
    }
    output = root / "server.log"
    with output.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "walletdesk", "serve", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=root,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1800):  # first start trains the intent model
            if proc.poll() is not None:
                raise RuntimeError(f"server exited:\n{output.read_text()}")
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError(f"server did not become ready:\n{output.read_text()}")
        yield LiveServer(
            url, output, root / "data", services.database_url(database) if database else ""
        )
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if database:
            services.drop_database(database)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("WALLETDESK_CHROMIUM") or shutil.which("chromium")
    if not path:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI (.ci/run installs the Debian package)")
        pytest.skip("Chromium not installed (apt-get install chromium fonts-noto-cjk)")
    return path
