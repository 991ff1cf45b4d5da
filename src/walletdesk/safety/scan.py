"""One call for the incoming side of the safety layer: secrets redacted, links judged,
scam signals found. Runs before anything stores, logs or shows the text (invariant 1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from walletdesk.safety.links import LinkChecker, LinkVerdict
from walletdesk.safety.scams import ScamSignal, find_scam_signals
from walletdesk.safety.secrets import SecretFinding, redact


@dataclass(frozen=True, slots=True)
class ScanResult:
    redacted: str
    findings: list[SecretFinding] = field(default_factory=list)
    links: list[LinkVerdict] = field(default_factory=list)
    scam_signals: list[ScamSignal] = field(default_factory=list)

    @property
    def has_secret(self) -> bool:
        return bool(self.findings)

    @property
    def risky_links(self) -> list[LinkVerdict]:
        return [
            v for v in self.links if v.verdict in ("blocklisted", "impersonation", "suspicious")
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "redacted": self.redacted,
            "findings": [
                {"kind": f.kind, "start": f.start, "end": f.end, "confidence": f.confidence}
                for f in self.findings
            ],
            "links": [v.to_dict() for v in self.links],
            "scam_signals": [
                {"kind": s.kind, "confidence": s.confidence, "note": s.note}
                for s in self.scam_signals
            ],
        }


def scan(text: str, link_checker: LinkChecker) -> ScanResult:
    """Redact secrets first; links and scam signals are read from the redacted text only."""
    redaction = redact(text)
    clean = redaction.text
    return ScanResult(
        redacted=clean,
        findings=list(redaction.findings),
        links=link_checker.check_text(clean),
        scam_signals=find_scam_signals(clean),
    )
