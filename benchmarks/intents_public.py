"""Intent and retrieval figures on the public datasets in ../shared/datasets (standard
splits; never trained on a test split). Prints one JSON document.

    .venv/bin/python benchmarks/intents_public.py [--only banking77,clinc150,...]

- banking77: train.csv -> test.csv (accuracy; published: BERT-large 93.66, USE+ConveRT 93.36)
- clinc150: data_full.json train (+ oos_train as a class) -> test + oos_test; the
  out-of-scope threshold is tuned on val + oos_val (in-scope accuracy, OOS recall;
  published BERT 96.9 / 40.3, with threshold 96.2 / 52.3)
- arbanking77: MSA+PAL train -> MSA test (labels mapped to BANKING77 ids)
- xsid: trained on en.valid, tested zero-shot on zh.test and ar.test (English labels,
  joined on text-en, per the dataset README's caveat) and on en.test
- bitcoin_faq: question -> its own answer among all answers (Recall@1/@5, MRR), monolingual
  and cross-lingual (zh/es/ar questions -> English answers), dense vectors only
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from walletdesk.language.classifier import IntentClassifier
from walletdesk.language.embed import default_embedder
from walletdesk.language.evaluate import evaluate

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets"
Pairs = tuple[list[str], list[str]]


def read_csv(path: Path, text: str = "text", label: str = "category") -> Pairs:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r[text] for r in rows], [r[label] for r in rows]


def banking77() -> dict[str, Any]:
    train = read_csv(DATA / "banking77" / "train.csv")
    test = read_csv(DATA / "banking77" / "test.csv")
    return evaluate(IntentClassifier(default_embedder(), c=0.5), train, test)


def clinc150() -> dict[str, Any]:
    data = json.loads((DATA / "clinc150" / "data_full.json").read_text())

    def pairs(*keys: str) -> Pairs:
        rows = [row for key in keys for row in data[key]]
        return [r[0] for r in rows], [r[1] for r in rows]

    return evaluate(
        IntentClassifier(default_embedder(), c=0.5),
        pairs("train", "oos_train"),
        pairs("test", "oos_test"),
        val=pairs("val", "oos_val"),
    )


def arbanking77() -> dict[str, Any]:
    folder = DATA / "arbanking77"
    mapping = {}
    with (folder / "Banking77_intents.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            mapping[row["label_ar"].strip()] = row["label_en"].strip().replace(" ", "_")

    def load(name: str) -> Pairs:
        texts, labels = read_csv(folder / name, "text", "label")
        return texts, [mapping[label.strip()] for label in labels]

    return evaluate(
        IntentClassifier(default_embedder(), c=0.5),
        load("Banking77_Arabized_MSA_PAL_train.csv"),
        load("Banking77_Arabized_MSA_test.csv"),
    )


def read_conll(path: Path) -> list[dict[str, str]]:
    items, current = [], {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                items.append(current)
            current = {}
        elif line.startswith("# ") and " = " in line:
            key, value = line[2:].split(" = ", 1)
            current[key.strip()] = value.strip()
    if current:
        items.append(current)
    return items


def xsid() -> dict[str, Any]:
    folder = DATA / "xsid"
    train_items = read_conll(folder / "en.valid.conll")
    train = [i["text"] for i in train_items], [i["intent"] for i in train_items]
    english = {i["text"]: i["intent"] for i in read_conll(folder / "en.test.conll")}
    results = {}
    model = IntentClassifier(default_embedder(), c=0.5)
    for lang in ("en", "zh", "ar"):
        items = read_conll(folder / f"{lang}.test.conll")
        labels = [english.get(i.get("text-en", i["text"]), i["intent"]) for i in items]
        result = evaluate(model, train, ([i["text"] for i in items], labels))
        results[lang] = {k: result[k] for k in ("accuracy", "macro_f1", "test_examples")}
    results["note"] = "trained on the 300 English validation items only, zero-shot zh/ar"
    return results


def _faq(lang: str) -> dict[str, tuple[str, str]]:
    raw = yaml.safe_load((DATA / "bitcoin_org_faq" / f"{lang}.yml").read_text(encoding="utf-8"))
    faq = raw[next(iter(raw))]["faq"]
    clean = lambda s: re.sub(r"<[^>]+>|#\w+##\[[^\]]*\]|\s+", " ", str(s)).strip()  # noqa: E731
    out = {}
    for key, value in faq.items():
        if isinstance(value, str) and value.strip().endswith(("?", "？", "؟")):
            parts = [clean(faq[k]) for k in faq if k.startswith(key) and k != key]
            if parts:
                out[key] = (clean(value), " ".join(parts))
    return out


def bitcoin_faq() -> dict[str, Any]:
    embedder = default_embedder()
    english = _faq("en")
    results = {}
    for lang in ("en", "zh_CN", "es", "ar"):
        qa = _faq(lang)
        for target_name, target in (("mono", qa), ("to_en", english)):
            if lang == "en" and target_name == "to_en":
                continue
            keys = [k for k in qa if k in target]
            answers = embedder.encode([target[k][1] for k in keys])
            questions = embedder.encode([qa[k][0] for k in keys])
            ranks = []
            for row, key_index in zip(questions @ answers.T, range(len(keys)), strict=True):
                ranks.append(int((row > row[key_index]).sum()) + 1)
            ranks_arr = np.array(ranks)
            results[f"{lang}_{target_name}"] = {
                "questions": len(keys),
                "recall_at_1": round(float((ranks_arr == 1).mean()), 3),
                "recall_at_5": round(float((ranks_arr <= 5).mean()), 3),
                "mrr": round(float((1 / ranks_arr).mean()), 3),
            }
    return results


TASKS = {
    "banking77": banking77,
    "clinc150": clinc150,
    "arbanking77": arbanking77,
    "xsid": xsid,
    "bitcoin_faq": bitcoin_faq,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default=",".join(TASKS))
    args = parser.parse_args()
    report: dict[str, Any] = {"benchmark": "intents_public"}
    for name in args.only.split(","):
        report[name] = TASKS[name]()
        print(json.dumps({name: report[name]}), flush=True)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
