"""The machine-readable CLI contract (DESIGN.md): --json prints exactly one document,
--batch one per line, bad input exits 2 with a message and no stack trace."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PHRASE = "legal winner thank year wave sausage worth useful legal winner thank yellow"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, model_cache: Path) -> dict[str, str]:
    home = tmp_path_factory.mktemp("cli")
    return {
        **os.environ,
        "WALLETDESK_DATA_DIR": str(home / "data"),
        "WALLETDESK_MODEL_CACHE_DIR": str(model_cache),
    }


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "walletdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def test_ask_json_contract_for_chinese_backup_question(env: dict[str, str]) -> None:
    result = run(env, "ask", "--json", "助记词怎么备份")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert set(doc) >= {
        "language",
        "intent",
        "confidence",
        "out_of_scope",
        "entities",
        "emotion",
        "answer",
        "articles",
        "handoff",
        "safety",
    }
    assert doc["language"] == "zh" and doc["intent"] == "wallet.backup"
    assert doc["articles"][0]["id"] == "backup-recovery-phrase"
    assert set(doc["articles"][0]) == {"id", "title", "url"}
    assert not (Path(env["WALLETDESK_DATA_DIR"])).exists(), "ask must not create a data dir"


def test_batch_answers_one_json_per_line(env: dict[str, str], tmp_path: Path) -> None:
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"text": "how do I revoke approvals"}\n\n{"text": "hola"}\n')
    result = run(env, "ask", "--batch", str(batch))
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 0 and len(lines) == 2
    assert json.loads(lines[1])["language"] == "es"


def test_scan_redacts_and_reports_offsets(env: dict[str, str]) -> None:
    text = f"my words: {PHRASE}"
    doc = json.loads(run(env, "scan", "--json", text).stdout)
    assert "sausage" not in doc["redacted"]
    finding = doc["findings"][0]
    assert finding["kind"] == "mnemonic" and text[finding["start"] : finding["end"]] == PHRASE


def test_check_url_and_guard_and_address(env: dict[str, str]) -> None:
    url = json.loads(run(env, "check-url", "--json", "metamask-login.io").stdout)
    assert url["verdict"] == "impersonation" and url["target_brand"]
    blocked = json.loads(run(env, "guard", "--json", "Please send us your seed phrase").stdout)
    assert blocked["allowed"] is False and blocked["reasons"]
    ok = json.loads(run(env, "guard", "--json", "We will never ask for your seed phrase.").stdout)
    assert ok == {"allowed": True, "reasons": []}
    addr = json.loads(
        run(env, "address", "--json", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed").stdout
    )
    assert addr["valid"] and "ethereum" in addr["chains"]


@pytest.mark.parametrize(
    "args",
    [
        ("ask",),
        ("ask", "--batch", "/nonexistent.jsonl"),
        ("kb", "import", "/nonexistent"),
        ("intents", "eval", "--train", "/nope.csv", "--test", "/nope.csv"),
    ],
)
def test_bad_input_exits_2_with_a_message(env: dict[str, str], args: tuple[str, ...]) -> None:
    result = run(env, *args)
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr and result.stderr.strip()


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"WALLETDESK_PORT": "eighty"}, "WALLETDESK_PORT"),
        ({"WALLETDESK_JOB_QUEUE": "1", "WALLETDESK_REDIS_URL": ""}, "WALLETDESK_JOB_QUEUE"),
    ],
)
def test_a_bad_setting_exits_2_and_names_the_variable(
    env: dict[str, str], variables: dict[str, str], named: str
) -> None:
    result = run({**env, **variables}, "serve")
    assert result.returncode == 2, result
    assert named in result.stderr and "Traceback" not in result.stderr
    assert "ValidationError" not in result.stderr


def test_kb_import_names_file_and_field(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "broken.md").write_text("---\nid: broken\nlanguage: en\n---\nbody\n")
    result = run(env, "kb", "import", str(tmp_path))
    assert result.returncode == 2
    assert "broken.md" in result.stderr and "title" in result.stderr


def test_kb_import_then_audit_verify(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "custom-hours.md").write_text(
        "---\nid: custom-hours\nlanguage: en\ntitle: Our holiday hours\n"
        "summary: We answer every day of the year.\nintents: [service.hours]\n"
        "related: [support-hours]\n---\nBody.\n"
    )
    imported = run(env, "kb", "import", "--json", str(tmp_path))
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["added"] == 1
    listed = json.loads(run(env, "kb", "list", "--json").stdout)
    assert any(a["id"] == "custom-hours" for a in listed)
    verified = run(env, "audit", "verify", "--json")
    assert verified.returncode == 0 and json.loads(verified.stdout)["ok"] is True


def test_intents_train_reports_what_it_learned(env: dict[str, str]) -> None:
    result = run(env, "intents", "train", "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["intents"] == 34 and set(doc["languages"]) == {"en", "zh", "es", "ar"}


def test_intents_eval_on_a_tiny_csv(env: dict[str, str], tmp_path: Path) -> None:
    rows = (
        ["text,category"]
        + [f"how do I send coins {i},send" for i in range(6)]
        + [f"my wallet was hacked {i},hacked" for i in range(6)]
    )
    (tmp_path / "train.csv").write_text("\n".join(rows) + "\n")
    (tmp_path / "test.csv").write_text(
        "text,category\nhow to send coins,send\nsomeone hacked my wallet,hacked\n"
    )
    result = run(
        env,
        "intents",
        "eval",
        "--train",
        str(tmp_path / "train.csv"),
        "--test",
        str(tmp_path / "test.csv"),
        "--json",
        "--lexical-only",
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["accuracy"] == 1.0 and {"macro_f1", "train_seconds", "predict_ms_p50"} <= set(doc)
