"""Academy badges: which ones a learner has earned, and their names in the four languages."""

from __future__ import annotations

from collections.abc import Collection

__all__ = ["BADGES", "BADGE_NAMES", "CORE_LESSON_IDS", "SCHOLAR_POINTS", "badge_name", "badges_for"]

# The shipped curriculum: ``academy-graduate`` means all of these passed.
CORE_LESSON_IDS: frozenset[str] = frozenset(
    {
        "recovery-phrase",
        "phishing-links",
        "fake-support",
        "token-approvals",
        "address-poisoning",
        "official-downloads",
        "airdrop-scams",
        "device-security",
    }
)
SCHOLAR_POINTS = 100

# Badge ids in the order they are shown.
BADGES: tuple[str, ...] = (
    "first-lesson",
    "phrase-guardian",
    "link-detective",
    "security-scholar",
    "academy-graduate",
)

_REQUIRES: dict[str, frozenset[str]] = {
    "phrase-guardian": frozenset({"recovery-phrase", "fake-support"}),
    "link-detective": frozenset({"phishing-links", "address-poisoning"}),
}

BADGE_NAMES: dict[str, dict[str, str]] = {
    "first-lesson": {
        "en": "First Lesson",
        "zh": "初学者",
        "es": "Primera lección",
        "ar": "الدرس الأول",
    },
    "phrase-guardian": {
        "en": "Phrase Guardian",
        "zh": "助记词守护者",
        "es": "Guardián de la frase",
        "ar": "حارس العبارة",
    },
    "link-detective": {
        "en": "Link Detective",
        "zh": "链接侦探",
        "es": "Detective de enlaces",
        "ar": "محقق الروابط",
    },
    "security-scholar": {
        "en": "Security Scholar",
        "zh": "安全学霸",
        "es": "Experto en seguridad",
        "ar": "خبير الأمان",
    },
    "academy-graduate": {
        "en": "Academy Graduate",
        "zh": "学院毕业生",
        "es": "Graduado de la academia",
        "ar": "خريج الأكاديمية",
    },
}


def badges_for(
    completed_lesson_ids: Collection[str],
    points: int,
    *,
    all_lesson_ids: Collection[str] = CORE_LESSON_IDS,
) -> list[str]:
    """Badge ids earned, in :data:`BADGES` order.

    ``completed_lesson_ids`` are the lessons whose quiz was passed; ``points`` the learner's
    total. ``academy-graduate`` needs every lesson of ``all_lesson_ids`` (the shipped
    curriculum unless an operator passes its own list).
    """
    done = set(completed_lesson_ids)
    earned: list[str] = []
    if done:
        earned.append("first-lesson")
    earned.extend(badge for badge, needs in _REQUIRES.items() if needs <= done)
    if points >= SCHOLAR_POINTS:
        earned.append("security-scholar")
    if all_lesson_ids and set(all_lesson_ids) <= done:
        earned.append("academy-graduate")
    return [badge for badge in BADGES if badge in earned]


def badge_name(badge: str, lang: str) -> str:
    """The badge's display name in ``lang`` (English when the language is unknown)."""
    names = BADGE_NAMES[badge]
    return names.get(lang) or names["en"]
