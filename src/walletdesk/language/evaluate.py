"""Train-and-test evaluation for ``walletdesk intents eval`` and the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import f1_score

from walletdesk.language.classifier import OOS_LABELS, IntentClassifier, Progress


def evaluate(
    model: IntentClassifier,
    train: tuple[Sequence[str], Sequence[str]],
    test: tuple[Sequence[str], Sequence[str]],
    val: tuple[Sequence[str], Sequence[str]] | None = None,
    progress: Progress | None = None,
    latency_samples: int = 200,
) -> dict[str, Any]:
    started = time.perf_counter()
    model.fit(train[0], train[1], progress)
    train_seconds = time.perf_counter() - started
    if val is not None:
        model.tune_threshold(val[0], val[1])
    elif not OOS_LABELS & set(train[1]):
        model.oos_threshold = float("-inf")  # nothing out-of-scope to learn from: no threshold
    predictions = model.predict(test[0])
    gold = ["out_of_scope" if label in OOS_LABELS else label for label in test[1]]
    predicted = [p.intent for p in predictions]
    result: dict[str, Any] = {
        "accuracy": round(
            float(np.mean([p == g for p, g in zip(predicted, gold, strict=True)])), 4
        ),
        "macro_f1": round(float(f1_score(gold, predicted, average="macro", zero_division=0)), 4),
        "train_seconds": round(train_seconds, 2),
        "train_examples": len(train[0]),
        "test_examples": len(test[0]),
        "labels": len(set(train[1])),
        "oos_threshold": round(model.oos_threshold, 3)
        if np.isfinite(model.oos_threshold)
        else None,
    }
    in_scope = [i for i, g in enumerate(gold) if g != "out_of_scope"]
    oos = [i for i, g in enumerate(gold) if g == "out_of_scope"]
    if oos:
        result["in_scope_accuracy"] = round(
            float(np.mean([predicted[i] == gold[i] for i in in_scope])), 4
        )
        result["oos_recall"] = round(
            float(np.mean([predicted[i] == "out_of_scope" for i in oos])), 4
        )
    timings = []
    for text in list(test[0])[:latency_samples]:
        t0 = time.perf_counter()
        model.predict([text])
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    result["predict_ms_p50"] = round(timings[len(timings) // 2], 3)
    result["predict_ms_p99"] = round(timings[min(len(timings) - 1, int(len(timings) * 0.99))], 3)
    return result
