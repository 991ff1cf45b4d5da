"""A transaction diagnosis in the customer's language (zh, en, es, ar).

Real transactions on the local node (ganache) are diagnosed once and rendered in the four
languages: the text is in the right script, the figures (blocks, nonces, fees, hashes,
the contract's revert reason) are the same in every language, and English is exactly what
``walletdesk tx --json`` prints. The catalogue itself is checked for completeness, for
matching placeholders, and against the desk's outgoing guard (a blocked text would never
reach the customer). The last test goes through the real desk: a customer who writes in
Chinese, Spanish or Arabic gets the diagnosis in that language.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from eth_abi.abi import encode
from fastapi.testclient import TestClient

from walletdesk.app import create_app
from walletdesk.chain.fees import format_coin, format_gwei
from walletdesk.chain.rpc import RpcClient, TxDiagnosis, diagnose_tx
from walletdesk.chain.tx_text import CATALOGUE, LANGUAGES, Msg, msg, placeholders, render
from walletdesk.config import Settings
from walletdesk.safety.guard import OutgoingGuard
from walletdesk.safety.links import LinkChecker

if TYPE_CHECKING:
    from tests.chain.conftest import Node

CHAIN = "devnet"
CJK = re.compile(r"[\u4e00-\u9fff]")
ARABIC = re.compile(r"[\u0600-\u06ff]")
SPANISH = re.compile(r"\b(?:el|la|los|las|de|en|que|una?)\b")
# parameter-only templates: nothing in them to write in a script
_SCRIPTLESS = {"count.confirmations": "ar", "count.confirmations.one": "ar"}


def _reverting(message: str) -> bytes:
    """Runtime code that REVERTs with ``Error(message)`` (``require(false, message)``)."""
    payload = bytes.fromhex("08c379a0") + encode(["string"], [message])
    size = len(payload)
    return bytes([0x60, size, 0x60, 0x0C, 0x60, 0x00, 0x39, 0x60, size, 0x60, 0x00, 0xFD]) + payload


async def diagnose(node: Node, tx_hash: str, **known: Any) -> TxDiagnosis:
    async with RpcClient(node.url, timeout=5) as client:
        return await diagnose_tx(client, tx_hash, CHAIN, **known)


def composed(reason: str, advice: list[str]) -> str:
    """The message the desk sends: the reason, then one bullet per advice step."""
    return "\n".join([reason, *(f"- {step}" for step in advice)]).strip()


def assert_in_language(diagnosis: TxDiagnosis, lang: str, figures: list[str]) -> None:
    reason, advice = diagnosis.render(lang)
    assert len(advice) == len(diagnosis.advice)
    for part in [reason, *advice]:
        if lang == "zh":
            assert CJK.search(part), part
        elif lang == "ar":
            assert ARABIC.search(part), part
        elif lang == "es":
            assert SPANISH.search(part) and part not in [diagnosis.reason, *diagnosis.advice]
        assert not (lang != "zh" and CJK.search(part)) and not (
            lang != "ar" and ARABIC.search(part)
        )
    text = composed(reason, advice)
    for figure in figures:
        assert figure in text, (lang, figure, text)


@pytest.fixture(scope="module")
async def transactions(ganache: Node) -> dict[str, Any]:
    """A confirmed transfer, a reverted contract call, one stuck behind a nonce gap and one
    replaced by a speed-up, made once for this module."""
    success = await ganache.send(ganache.fresh_account(), value=10**15)
    await ganache.mine(2)
    account = ganache.fresh_account()
    contract = await ganache.deploy(account, _reverting("not allowed"))
    failed = await ganache.send(account, to=contract, value=0, gas=100_000)
    bidi = ganache.fresh_account()
    tricky = await ganache.deploy(bidi, _reverting("\u202enot\nallowed {nonce}"))
    failed_bidi = await ganache.send(bidi, to=tricky, value=0, gas=100_000)
    gap = ganache.fresh_account()
    async with ganache.miner_stopped():
        stuck = await ganache.send(gap, nonce=1)  # nonce 0 never sent: stuck for good
    seasoned = await ganache.seasoned_account()
    async with ganache.miner_stopped():
        fee = 2 * await ganache.next_base_fee() + 10**9
        original = await ganache.send(seasoned, nonce=1, max_fee=fee, tip=10**9)
        faster = await ganache.send(seasoned, nonce=1, max_fee=2 * fee, tip=2 * 10**9)
        await ganache.mine()
    return {
        "success": success,
        "failed": failed,
        "failed_bidi": failed_bidi,
        "stuck": stuck,
        "replaced": (original, faster, seasoned.address),
    }


# ---- real diagnoses in four languages ----------------------------------------------------
async def test_success_in_four_languages(ganache: Node, transactions: dict[str, Any]) -> None:
    diagnosis = await diagnose(ganache, transactions["success"])
    assert diagnosis.status == "success"
    figures = [f"{diagnosis.block_number}", f"{diagnosis.confirmations}"]
    for lang in ("zh", "es", "ar"):
        assert_in_language(diagnosis, lang, figures)
    assert "无法撤回" in diagnosis.render("zh")[0]  # a confirmed transaction cannot be reversed
    assert "no se puede revertir" in diagnosis.render("es")[0]
    assert "لا يمكن عكسها" in diagnosis.render("ar")[0]


async def test_failed_in_four_languages_keeps_the_contracts_reason(
    ganache: Node, transactions: dict[str, Any]
) -> None:
    diagnosis = await diagnose(ganache, transactions["failed"])
    assert diagnosis.status == "failed" and diagnosis.revert_reason == "not allowed"
    assert diagnosis.fee_paid_wei is not None
    fee = format_coin(diagnosis.fee_paid_wei, "native coin").split()[0]  # "0.0000216..."
    figures = [f"{diagnosis.block_number}", "not allowed", fee]
    for lang in ("zh", "es", "ar"):
        assert_in_language(diagnosis, lang, figures)
    assert "滑点" in diagnosis.render("zh")[1][1]  # slippage, in the swap advice


async def test_untrusted_revert_text_is_cleaned_and_never_read_as_a_template(
    ganache: Node, transactions: dict[str, Any]
) -> None:
    diagnosis = await diagnose(ganache, transactions["failed_bidi"])
    assert diagnosis.revert_reason == "not allowed {nonce}"  # bidi control and newline gone
    for lang in LANGUAGES:
        reason, _ = diagnosis.render(lang)
        assert "not allowed {nonce}" in reason and "\u202e" not in reason


async def test_stuck_in_four_languages(ganache: Node, transactions: dict[str, Any]) -> None:
    diagnosis = await diagnose(ganache, transactions["stuck"])
    assert diagnosis.status == "stuck" and diagnosis.replacement is not None
    fees = [
        format_gwei(diagnosis.replacement["maxFeePerGas"]),
        format_gwei(diagnosis.replacement["maxPriorityFeePerGas"]),
    ]
    nonces = {  # its own nonce (1) and the missing one (0)
        "zh": ["nonce为1", "nonce为0"],
        "es": ["el nonce 1", "el nonce 0"],
        "ar": ["nonce لها 1", "nonce رقم 0"],
    }
    for lang in ("zh", "es", "ar"):
        assert_in_language(diagnosis, lang, fees + nonces[lang])
    zh = composed(*diagnosis.render("zh"))
    assert "nonce为0的交易" in zh and "“加速”或“取消”" in zh  # wallet buttons, in Chinese
    assert "Acelerar / Cancelar" in composed(*diagnosis.render("es"))


async def test_replaced_in_four_languages_names_the_replacement(
    ganache: Node, transactions: dict[str, Any]
) -> None:
    original, faster, sender = transactions["replaced"]
    diagnosis = await diagnose(ganache, original, known_sender=sender, known_nonce=1)
    assert diagnosis.status == "replaced" and diagnosis.replaced_by == faster
    for lang in ("zh", "es", "ar"):
        assert_in_language(diagnosis, lang, [faster])


def test_english_is_exactly_what_the_cli_prints(
    ganache: Node, transactions: dict[str, Any], tmp_path: Path
) -> None:
    hashes = [transactions[name] for name in ("success", "failed", "stuck")]
    batch = tmp_path / "hashes.jsonl"
    batch.write_text("".join(json.dumps({"text": h}) + "\n" for h in hashes))
    cli = subprocess.run(
        [
            *(sys.executable, "-m", "walletdesk", "tx", "--json", "--batch", str(batch)),
            *("--chain", CHAIN, "--rpc", ganache.url),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert cli.returncode == 0, cli.stderr
    printed = [json.loads(line) for line in cli.stdout.splitlines()]

    async def all_diagnosed() -> list[TxDiagnosis]:
        return [await diagnose(ganache, h) for h in hashes]

    diagnoses = asyncio.run(all_diagnosed())
    assert [d["status"] for d in printed] == ["success", "failed", "stuck"]
    for doc, diagnosis in zip(printed, diagnoses, strict=True):
        assert "messages" not in doc  # the CLI contract did not grow a field
        assert doc == json.loads(json.dumps(diagnosis.to_dict()))
        assert diagnosis.render("en") == (doc["reason"], doc["advice"])
        assert diagnosis.render("fr") == (doc["reason"], doc["advice"])  # unknown: English


# ---- the catalogue -------------------------------------------------------------------------
def test_every_code_exists_in_all_four_languages() -> None:
    codes = set(CATALOGUE["en"])
    assert set(CATALOGUE) == set(LANGUAGES)
    for lang in LANGUAGES:
        assert not codes - set(CATALOGUE[lang]), (
            f"{lang} lacks {sorted(codes - set(CATALOGUE[lang]))}"
        )
        assert not set(CATALOGUE[lang]) - codes, (
            f"{lang} has unknown {set(CATALOGUE[lang]) - codes}"
        )


def test_every_code_has_the_same_placeholders_in_every_language() -> None:
    for code, english in CATALOGUE["en"].items():
        for lang in LANGUAGES:
            assert placeholders(CATALOGUE[lang][code]) == placeholders(english), (lang, code)


SAMPLE: dict[str, str | int | Msg] = {
    "network": "Ethereum",
    "chain": "ethereum",
    "coin": "ETH",
    "hash": "0x" + "ab" * 32,
    "detail": "the node did not answer",
    "revert": "not allowed",
    "what": msg("replaced.what.speed_up"),
    "outcome": msg("replaced.outcome.failed"),
    "span": msg("span.range", first=3, last=5),
    "confirmations": msg("count.confirmations", n=3),
    "problem": msg("problem.timeout", seconds="5"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_is_written_in_its_language_and_passes_the_outgoing_guard(lang: str) -> None:
    guard = OutgoingGuard(LinkChecker())
    for code, template in CATALOGUE[lang].items():
        params = {name: SAMPLE.get(name, 21_000) for name in placeholders(template)}
        text = render(Msg(code, params), lang)
        verdict = guard.check(text)
        assert verdict.allowed, (code, [r.code for r in verdict.reasons], text)
        if _SCRIPTLESS.get(code) == lang:
            continue
        if lang == "zh":
            assert CJK.search(text), code
        if lang == "ar":
            assert ARABIC.search(text), code
        if lang in ("zh", "es", "ar"):
            assert template != CATALOGUE["en"][code], f"{lang} {code} is not translated"


def test_language_codes_and_fallback() -> None:
    failed = msg("failed", block=7)
    assert render(failed, "zh-CN") == render(failed, "zh") == "这笔交易在区块7中执行失败。"
    assert render(failed, "es_MX") == "Falló en el bloque 7."
    assert render(failed, "de") == render(failed, "") == "It failed in block 7."
    with pytest.raises(KeyError):
        msg("no.such.code")


def test_a_hand_made_diagnosis_renders_its_own_english_text() -> None:
    diagnosis = TxDiagnosis("pending", "r", ["a"], CHAIN, "0x" + "ab" * 32)
    assert diagnosis.render("zh") == ("r", ["a"])
    assert "messages" not in diagnosis.to_dict()


# ---- through the desk ------------------------------------------------------------------
def test_customer_gets_the_diagnosis_in_their_language(
    ganache: Node,
    transactions: dict[str, Any],
    tmp_path: Path,
    model_cache: Path,
    database_url: str | None,
) -> None:
    tx_hash = transactions["failed"]
    diagnosis = asyncio.run(diagnose(ganache, tx_hash))
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        model_cache_dir=model_cache,
        public_url="http://testserver",
        rpc_endpoints=f"{CHAIN}={ganache.url}",
    )
    questions = {
        "zh": f"我的转账失败了，为什么？交易哈希是 {tx_hash}",
        "es": f"Mi transferencia falló, ¿por qué? El hash de la transacción es {tx_hash}",
        "ar": f"فشل التحويل الذي أرسلته، لماذا؟ هاش المعاملة هو {tx_hash}",
    }
    with TestClient(create_app(settings)) as client:
        for lang, question in questions.items():
            started = client.post("/api/v1/conversations", json={"language": lang}).json()
            auth = {"Authorization": f"Bearer {started['customer_token']}"}
            cid = started["conversation"]["id"]
            body = client.post(
                f"/api/v1/conversations/{cid}/messages", headers=auth, json={"text": question}
            ).json()
            replies = body["replies"]
            assert len(replies) == 2, (lang, replies)
            assert replies[1]["text"] == composed(*diagnosis.render(lang)), lang
