"""Intent training examples: ``content/intents/<lang>.yaml`` (operators add their own)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from walletdesk.intents import LANGUAGES
from walletdesk.yaml_io import YAMLError, safe_load

MAX_EXAMPLE_CHARS = 500


@dataclass(slots=True)
class IntentExamples:
    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(self, text: str, label: str, language: str) -> None:
        self.texts.append(text)
        self.labels.append(label)
        self.languages.append(language)


def load_intent_examples(directory: Path) -> IntentExamples:
    """Every ``*.yaml`` under ``directory``: ``{language, intents: {id: [examples]}}``."""
    result = IntentExamples()
    files = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    if not files:
        result.errors.append(f"{directory}: no intent example files (*.yaml)")
    for path in files:
        try:
            data = safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, YAMLError) as exc:
            result.errors.append(f"{path}: cannot be read ({exc.__class__.__name__})")
            continue
        if not isinstance(data, dict) or not isinstance(data.get("intents"), dict):
            result.errors.append(f"{path}: expected a mapping with 'language' and 'intents'")
            continue
        language = data.get("language")
        if language not in LANGUAGES:
            result.errors.append(f"{path}: language must be one of {', '.join(LANGUAGES)}")
            continue
        for intent, examples in data["intents"].items():
            if not isinstance(intent, str) or not isinstance(examples, list):
                result.errors.append(f"{path}: {intent!r} must map to a list of examples")
                continue
            for example in examples:
                if not isinstance(example, str) or not example.strip():
                    result.errors.append(f"{path}: {intent}: empty or non-text example")
                elif len(example) > MAX_EXAMPLE_CHARS:
                    result.errors.append(
                        f"{path}: {intent}: example over {MAX_EXAMPLE_CHARS} characters"
                    )
                else:
                    result.add(example.strip(), intent, language)
    return result


def read_labelled_csv(path: Path) -> tuple[list[str], list[str]]:
    """A ``text,category`` CSV (the ``intents eval`` contract)."""
    if not path.is_file():
        raise ValueError(f"{path}: file not found")
    texts: list[str] = []
    labels: list[str] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or not {"text", "category"} <= set(reader.fieldnames):
            raise ValueError(f"{path}: needs a header with the columns text,category")
        for number, row in enumerate(reader, 2):
            text, label = (row.get("text") or "").strip(), (row.get("category") or "").strip()
            if not text or not label:
                raise ValueError(f"{path}:{number}: empty text or category")
            texts.append(text)
            labels.append(label)
    if not texts:
        raise ValueError(f"{path}: no rows")
    return texts, labels
