"""The README's first command installs the desk without the ``scale`` extra: the embedded
desk must import, build its app and answer without redis-py, arq or asyncpg."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys

class NotInstalled:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"redis", "arq", "asyncpg", "hiredis"}:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked by the test)")
        return None

sys.meta_path.insert(0, NotInstalled())
from fastapi.testclient import TestClient

from walletdesk import cli  # noqa: F401  (the CLI module imports too)
from walletdesk.app import create_app
from walletdesk.config import Settings

settings = Settings(data_dir=sys.argv[1], model_cache_dir=sys.argv[2], sla_sweep_seconds=0)
with TestClient(create_app(settings)) as client:
    assert client.get("/readyz").status_code == 200, "embedded desk is ready"
    assert "redis" not in sys.modules and "arq" not in sys.modules
print("embedded ok")
"""


def test_the_embedded_desk_runs_without_the_scale_out_packages(
    tmp_path: Path, model_cache: Path
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "data"), str(model_cache)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "embedded ok" in result.stdout
