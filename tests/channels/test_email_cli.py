"""`walletdesk email ingest FILE` (forwarding setups): the message becomes a conversation
and the answer goes out over WALLETDESK_SMTP_URL; bad input exits 2 with a reason."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.channels.conftest import SUPPORT, Sink, compose


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "walletdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def test_email_ingest_from_a_file(tmp_path: Path, model_cache: Path, sink: Sink) -> None:
    env = {
        **os.environ,
        "WALLETDESK_DATA_DIR": str(tmp_path / "data"),
        "WALLETDESK_MODEL_CACHE_DIR": str(model_cache),
        "WALLETDESK_SMTP_URL": f"smtp://127.0.0.1:{sink.port}",
        "WALLETDESK_EMAIL_FROM": SUPPORT,
        "WALLETDESK_PUBLIC_URL": "https://desk.wallet.example",
    }
    message = compose("Frank <frank@customer.example>", "gas fees", "Why are gas fees so high?")
    eml = tmp_path / "in.eml"
    eml.write_bytes(bytes(message))

    result = run(env, "email", "ingest", str(eml), "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["status"] == "posted" and doc["new_conversation"] and doc["emails_sent"] == 1
    reply = sink.wait_for(1)[0]
    assert reply["In-Reply-To"] == message["Message-ID"]

    again = json.loads(run(env, "email", "ingest", str(eml), "--json").stdout)
    assert again["status"] == "duplicate" and again["conversation_id"] == doc["conversation_id"]
    assert len(sink.messages) == 1

    missing = run(env, "email", "ingest", str(tmp_path / "nope.eml"))
    assert missing.returncode == 2 and "not found" in missing.stderr
    (tmp_path / "junk.eml").write_bytes(b"Subject: no sender\r\n\r\nhello")
    junk = run(env, "email", "ingest", str(tmp_path / "junk.eml"))
    assert junk.returncode == 2 and "no valid From address" in junk.stderr
    assert "Traceback" not in junk.stderr
