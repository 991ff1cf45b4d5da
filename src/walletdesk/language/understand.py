"""language.understand(text): language, intent (+ out-of-scope), entities, emotion.

One call per customer message on already-redacted text; the sentence embedding is
computed once and shared with knowledge search.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from walletdesk.language.classifier import IntentClassifier, Progress, fingerprint
from walletdesk.language.detect import detect_language
from walletdesk.language.embed import Embedder, Vectors
from walletdesk.language.emotion import Emotion, read_emotion
from walletdesk.language.entities import Entity, extract_entities
from walletdesk.language.intent_data import load_intent_examples
from walletdesk.language.intents import rule_intent
from walletdesk.logging import get_logger

log = get_logger("walletdesk.language")


@dataclass(slots=True)
class Understanding:
    language: str
    intent: str
    confidence: float
    out_of_scope: bool
    entities: list[Entity]
    emotion: Emotion
    alternatives: list[tuple[str, float]] = field(default_factory=list)
    vector: Vectors | None = None


class Understander:
    def __init__(self, classifier: IntentClassifier | None, embedder: Embedder | None) -> None:
        self.classifier = classifier
        self.embedder = embedder

    def understand(self, text: str, default_language: str = "en") -> Understanding:
        language = detect_language(text, default=default_language)
        emotion = read_emotion(text)
        entities = extract_entities(text)
        vector = self.embedder.encode([text])[0] if self.embedder is not None else None
        rule = rule_intent(text)
        if rule is not None:
            return Understanding(
                language, rule.intent, rule.confidence, False, entities, emotion, [], vector
            )
        if self.classifier is None:
            return Understanding(language, "out_of_scope", 0.0, True, entities, emotion, [], vector)
        vectors = vector.reshape(1, -1) if vector is not None else None
        prediction = self.classifier.predict([text], vectors=vectors)[0]
        return Understanding(
            language,
            prediction.intent,
            prediction.confidence,
            prediction.out_of_scope,
            entities,
            emotion,
            prediction.alternatives,
            vector,
        )


def train_or_load(
    intents_dir: Path, cache_dir: Path, embedder: Embedder | None, progress: Progress | None = None
) -> IntentClassifier | None:
    """Train on ``content/intents``; reuse the cached model when the data is unchanged."""
    examples = load_intent_examples(intents_dir)
    if examples.errors:
        raise ValueError("\n".join(examples.errors))
    model = IntentClassifier(embedder)
    key = fingerprint(examples.texts, examples.labels, model.config)
    path = cache_dir / f"intents-{key}.pkl"
    if path.exists():
        try:
            return IntentClassifier.load(path, embedder)
        except (OSError, ValueError, EOFError, AttributeError) as exc:
            log.warning("intents.cache_unusable", path=str(path), error=type(exc).__name__)
    model.fit(examples.texts, examples.labels, progress)
    model.save(path)
    log.info("intents.trained", examples=len(examples.texts), labels=len(set(examples.labels)))
    return model
