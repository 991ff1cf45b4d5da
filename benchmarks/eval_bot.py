"""End-to-end bot quality on our own held-out multilingual set
(benchmarks/data/wallet_intents_eval.csv; never used for training).

Per language: intent accuracy, "answer fits" (the article the bot answers with is one for the
gold intent), out-of-scope recall and precision, and understand()+reply latency.
The set is split by row parity: even rows are the dev half used for any tuning, odd rows
are the test half reported here (``--half dev`` reports the dev half).

    .venv/bin/python benchmarks/eval_bot.py [--half test|dev]
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from walletdesk.bot.policy import ConversationState
from walletdesk.config import Settings
from walletdesk.knowledge.articles import load_directory
from walletdesk.logging import configure_logging
from walletdesk.safety.scan import scan
from walletdesk.wiring import build_bot, build_links

DATA = Path(__file__).resolve().parent / "data" / "wallet_intents_eval.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--half", choices=("test", "dev"), default="test")
    args = parser.parse_args()
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows = [r for i, r in enumerate(rows) if (i % 2 == 1) == (args.half == "test")]
    configure_logging("WARNING")
    settings = Settings(data_dir=Path(tempfile.mkdtemp()), log_level="WARNING")
    started = time.perf_counter()
    bot = build_bot(settings, load_directory(settings.content_dir).articles)
    startup = time.perf_counter() - started
    links = build_links(settings)
    stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    latencies: list[float] = []
    for row in rows:
        lang, gold = row["language"], row["category"]
        t0 = time.perf_counter()
        turn = bot.reply(scan(row["text"], links), ConversationState(language=lang))
        latencies.append((time.perf_counter() - t0) * 1000)
        s = stats[lang]
        s["n"] += 1
        s["intent_ok"] += turn.intent == gold
        if gold == "out_of_scope":
            s["oos_n"] += 1
            s["oos_caught"] += turn.out_of_scope
        else:
            s["in_n"] += 1
            s["flagged_oos_wrongly"] += turn.out_of_scope
            answered = [bot.index.get_best_language(a.id, lang) for a in turn.articles[:1]]
            s["answer_fits"] += bool(
                answered and answered[0] and gold in answered[0].intents and not turn.out_of_scope
            )
            s["handoff"] += turn.handoff
    latencies.sort()
    report = {
        "benchmark": "eval_bot",
        "half": args.half,
        "rows": len(rows),
        "startup_seconds": round(startup, 1),
        "reply_ms_p50": round(latencies[len(latencies) // 2], 2),
        "reply_ms_p99": round(latencies[int(len(latencies) * 0.99)], 2),
        "per_language": {
            lang: {
                "intent_accuracy": round(s["intent_ok"] / s["n"], 4),
                "answer_fits": round(s["answer_fits"] / s["in_n"], 4),
                "oos_recall": round(s["oos_caught"] / s["oos_n"], 4) if s["oos_n"] else None,
                "in_scope_flagged_oos": round(s["flagged_oos_wrongly"] / s["in_n"], 4),
            }
            for lang, s in sorted(stats.items())
        },
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
