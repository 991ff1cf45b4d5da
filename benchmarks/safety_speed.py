"""Safety-layer figures: scan time on realistic chat messages, URL verdict time and memory
with a 100k-domain blocklist, and a side-by-side with MetaMask's eth-phishing-detect
(npm, run under node) on the same hosts. Prints one JSON document.

    (cd benchmarks/node && npm ci) && .venv/bin/python benchmarks/safety_speed.py
    .venv/bin/python benchmarks/safety_speed.py --only scan     # scan figures only, no node

"First sight" figures empty the per-word caches of the scam prefilter and the phrase
pre-check before every call, as for a message made only of words never seen before.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import statistics
import string
import subprocess
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from walletdesk.safety import scams, secrets
from walletdesk.safety.links import LinkChecker, extract_links
from walletdesk.safety.scams import find_scam_signals
from walletdesk.safety.scan import scan
from walletdesk.safety.secrets import find_secrets

HERE = Path(__file__).resolve().parent
NODE_DIR = HERE / "node"
METAMASK_CONFIG = NODE_DIR / "node_modules" / "eth-phishing-detect" / "src" / "config.json"
BLOCKING = {"blocklisted", "impersonation", "suspicious"}


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def chat_messages(count: int = 400) -> list[str]:
    """~300-character messages built from our held-out eval texts plus pasted addresses,
    hashes and links, the way customers write them."""
    with (HERE / "data" / "wallet_intents_eval.csv").open(encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    extras = [
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "tx hash 0x" + "ab12" * 16,
        "THVmXun9u721tBiYcT3VfLQKcwYBmoY1xX",
        "https://etherscan.io/tx/0x" + "cd34" * 16,
        "metamask-support.app",
    ]
    rng = random.Random(7)
    messages = []
    for _ in range(count):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < 300:
            parts.append(rng.choice(texts if rng.random() < 0.85 else extras))
        messages.append(" ".join(parts)[:300])
    return messages


def time_calls(fn: Any, items: list[str], repeat: int = 3) -> dict[str, float]:
    for item in items[:20]:
        fn(item)
    samples = []
    for _ in range(repeat):
        for item in items:
            t0 = time.perf_counter()
            fn(item)
            samples.append(time.perf_counter() - t0)
    return {
        "p50_ms": round(pct(samples, 0.5) * 1000, 4),
        "p99_ms": round(pct(samples, 0.99) * 1000, 4),
        "mean_ms": round(statistics.fmean(samples) * 1000, 4),
        "calls": len(samples),
    }


def synthetic_domains(count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    tlds = ["com", "io", "app", "net", "org", "xyz", "top", "site", "online", "co"]
    words = [
        "wallet",
        "claim",
        "airdrop",
        "secure",
        "verify",
        "sync",
        "defi",
        "swap",
        "token",
        "bonus",
        "reward",
        "support",
        "connect",
        "restore",
        "web3",
        "nft",
    ]
    out = set()
    while len(out) < count:
        label = rng.choice(words) + "-" + "".join(rng.choices(string.ascii_lowercase, k=6))
        out.add(f"{label}.{rng.choice(tlds)}")
    return sorted(out)


def lookalikes(rng: random.Random) -> list[str]:
    brands = [
        "metamask",
        "trustwallet",
        "phantom",
        "ledger",
        "uniswap",
        "opensea",
        "etherscan",
        "coinbase",
        "binance",
        "tronlink",
    ]
    out = []
    for brand in brands:
        out += [
            f"{brand}-login.com",
            f"{brand}-support.app",
            f"{brand}.io.secure-check.com",
            f"{brand}.pages.dev",
            f"{brand}-claim.vercel.app",
            f"{brand}0.com",
            brand.replace("a", "а", 1) + ".io",  # Cyrillic a
            f"{brand[:-1]}{brand[-1] * 2}.com",
            f"secure{brand}.net",
        ]
    rng.shuffle(out)
    return out


def link_figures() -> dict[str, Any]:
    config = json.loads(METAMASK_CONFIG.read_text())
    extra = synthetic_domains(100_000 - len(config["blacklist"]))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "blocklist.txt"
        path.write_text("\n".join(config["blacklist"] + extra) + "\n")
        tracemalloc.start()
        t0 = time.perf_counter()
        checker = LinkChecker(official_domains=["wallet.example"], blocklist_files=[path])
        load_seconds = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
        current, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rng = random.Random(3)
        urls = (
            [f"https://{d}/claim" for d in rng.sample(config["blacklist"], 500)]
            + [f"https://{d}" for d in rng.sample(extra, 500)]
            + [f"https://{d}/x" for d in lookalikes(rng)]
            + ["https://etherscan.io/tx/0x" + "ab" * 32, "https://docs.metamask.io/guide"]
        )
        cold = time_calls(checker.check, urls, repeat=1)
        warm = time_calls(checker.check, urls, repeat=5)
    return {
        "blocklist_domains": 100_000,
        "load_seconds": round(load_seconds, 2),
        "memory_mib_retained": round(current / 2**20, 1),
        "memory_mib_peak_while_loading": round(peak / 2**20, 1),
        "verdict_first_time": cold,
        "verdict_warm": warm,
        "note": "first-time includes the public-suffix split and skeleton of a new host",
    }


def metamask_side_by_side() -> dict[str, Any]:
    config = json.loads(METAMASK_CONFIG.read_text())
    rng = random.Random(5)
    hosts = (
        rng.sample(config["blacklist"], 1500)
        + rng.sample(config["whitelist"], 500)
        + lookalikes(rng)
        + synthetic_domains(300, seed=99)
        + [
            "etherscan.io",
            "metamask.io",
            "trustwallet.com",
            "uniswap.org",
            "docs.metamask.io",
            "bscscan.com",
            "tronscan.org",
            "google.com",
        ]
    )
    node = shutil.which("node")
    if node is None:
        raise SystemExit("node is required for the side-by-side (apt-get install nodejs)")
    run = subprocess.run(
        [node, str(NODE_DIR / "detect.js")],
        input="\n".join(hosts) + "\n",
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    lines = run.stdout.strip().splitlines()
    timing = json.loads(lines[-1])
    theirs = {json.loads(line)["host"]: json.loads(line)["blocked"] for line in lines[:-1]}
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "config.json"
        feed.write_text(json.dumps(config))
        with_feed = LinkChecker(blocklist_files=[feed])
        heuristics = LinkChecker()
        t0 = time.perf_counter()
        ours_feed = {h: with_feed.check(h).verdict for h in hosts}
        ours_seconds = time.perf_counter() - t0
        ours_plain = {h: heuristics.check(h).verdict for h in hosts}
    agree = sum((ours_feed[h] in BLOCKING) == theirs[h] for h in hosts)
    blacklisted = [h for h in hosts if h in set(config["blacklist"])]
    generated = lookalikes(random.Random(5))
    return {
        "hosts": len(hosts),
        "agreement_same_feed": round(agree / len(hosts), 4),
        "disagreements_same_feed": [
            {"host": h, "metamask_blocks": theirs[h], "walletdesk": ours_feed[h]}
            for h in hosts
            if (ours_feed[h] in BLOCKING) != theirs[h]
        ][:15],
        "their_blacklist_caught_by_our_heuristics_alone": round(
            sum(ours_plain[h] in BLOCKING for h in blacklisted) / len(blacklisted), 4
        ),
        "generated_lookalikes": len(generated),
        "lookalikes_caught": {
            "metamask": round(sum(theirs.get(h, False) for h in generated) / len(generated), 4),
            "walletdesk_heuristics_only": round(
                sum(ours_plain[h] in BLOCKING for h in generated) / len(generated), 4
            ),
        },
        "ms_per_host": {
            "metamask_node": round(timing["elapsed_ms"] / timing["count"], 4),
            "walletdesk_with_feed": round(ours_seconds * 1000 / len(hosts), 4),
        },
    }


def first_sight(fn: Any) -> Any:
    """fn, called as if every word of the message were new to the per-word caches."""

    def call(item: str) -> Any:
        scams._TOKEN_BITS.clear()
        secrets._CHUNK_MARKS.clear()
        return fn(item)

    return call


def scan_figures() -> dict[str, Any]:
    messages = chat_messages()
    checker = LinkChecker(official_domains=["wallet.example"])
    return {
        "scan_300_char_message": time_calls(lambda m: scan(m, checker), messages),
        "scan_300_char_message_first_sight": time_calls(
            first_sight(lambda m: scan(m, checker)), messages
        ),
        "find_secrets_300_char_message": time_calls(find_secrets, messages),
        "extract_links_300_char_message": time_calls(extract_links, messages),
        "find_scam_signals_300_char_message": time_calls(find_scam_signals, messages),
        "find_scam_signals_first_sight": time_calls(first_sight(find_scam_signals), messages),
    }


PARTS = ("scan", "links", "metamask")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"comma-separated parts of {', '.join(PARTS)}"
    )
    only = set(parser.parse_args().only.split(","))
    if not only <= set(PARTS):
        parser.error(f"--only takes {', '.join(PARTS)}")
    report: dict[str, Any] = {"benchmark": "safety_speed"}
    if "scan" in only:
        report.update(scan_figures())
    if "links" in only:
        report["links_100k_blocklist"] = link_figures()
    if "metamask" in only:
        report["vs_metamask_eth_phishing_detect"] = metamask_side_by_side()
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
