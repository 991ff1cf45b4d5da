import pytest

from walletdesk.knowledge.search import KnowledgeIndex


@pytest.mark.parametrize(
    ("query", "language", "expected"),
    [
        ("how do I back up my recovery phrase?", "en", "backup-recovery-phrase"),
        ("助记词怎么备份", "zh", "backup-recovery-phrase"),
        ("I lost my seed phrase, can you recover it?", "en", "recovery-phrase-lost"),
        ("忘记密码了怎么办", "zh", "password-forgot"),
        ("my transaction has been pending for hours", "en", "transaction-pending"),
        ("I sent USDT on the wrong network", "en", "wrong-network-evm|tron-evm-crossed"),
        ("sent ETH on Polygon instead of Ethereum", "en", "wrong-network-evm"),
        ("转账一直没到账", "zh", "not-received"),
        ("how do I revoke token approvals", "en", "approvals-revoke"),
        ("USDT TRC20 转账失败 能量不足", "zh", "tron-energy-bandwidth"),
        ("is this site official? how do I check a link", "en", "phishing-check-links"),
    ],
)
def test_relevant_article_ranks_first(
    kb_index: KnowledgeIndex, query: str, language: str, expected: str
) -> None:
    hits = kb_index.search(query, language, limit=3)
    assert hits, query
    top = [h.article.id for h in hits[:2]]
    assert set(expected.split("|")) & set(top), [h.article.id for h in hits]


def test_scores_are_normalised_and_nonsense_scores_low(kb_index: KnowledgeIndex) -> None:
    good = kb_index.search("back up recovery phrase", "en")[0].normalized
    noise = kb_index.search("qwertyuiop zxcvbnm", "en")
    assert 0 < good <= 1
    assert not noise or noise[0].normalized < 0.2


def test_unknown_language_returns_nothing(kb_index: KnowledgeIndex) -> None:
    assert kb_index.search("hello", "fr") == []
