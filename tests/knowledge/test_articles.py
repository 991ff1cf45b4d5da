from pathlib import Path

from walletdesk.intents import CANONICAL_INTENTS
from walletdesk.knowledge.articles import load_directory, parse_article

GOOD = """---
id: test-article
language: en
title: A test
summary: The short answer.
intents: [wallet.backup]
tags: [backup]
related: []
---
Body text.
"""


def test_shipped_content_is_valid_and_covers_every_intent(content_dir: Path) -> None:
    loaded = load_directory(content_dir)
    assert loaded.errors == []
    for language in ("en", "zh"):
        articles = [a for a in loaded.articles if a.language == language]
        assert len(articles) >= 40
        covered = {i for a in articles for i in a.intents}
        assert set(CANONICAL_INTENTS) <= covered


def test_every_english_article_has_a_chinese_translation(content_dir: Path) -> None:
    loaded = load_directory(content_dir)
    ids = {lang: {a.id for a in loaded.articles if a.language == lang} for lang in ("en", "zh")}
    assert ids["en"] == ids["zh"]


def test_parse_good_article() -> None:
    article, errors = parse_article(GOOD, "x.md")
    assert errors == []
    assert article is not None and article.intents == ("wallet.backup",)


def test_errors_name_the_field() -> None:
    bad = GOOD.replace("intents: [wallet.backup]", "intents: [wallet.nope]").replace(
        "summary: The short answer.\n", ""
    )
    article, errors = parse_article(bad, "x.md")
    assert article is None
    fields = {e.field for e in errors}
    assert {"intents", "summary"} <= fields
    assert any("wallet.nope" in e.problem for e in errors)


def test_html_and_outside_links_are_refused() -> None:
    bad = GOOD.replace("Body text.", "Go to https://evil.example <script>x</script>")
    article, errors = parse_article(bad, "x.md")
    assert article is None
    problems = " ".join(e.problem for e in errors)
    assert "raw HTML" in problems and "outside sites" in problems


def test_broken_yaml_and_missing_front_matter() -> None:
    assert parse_article("no front matter", "a.md")[1][0].field == "front matter"
    assert "invalid YAML" in parse_article("---\nid: [\n---\nbody", "b.md")[1][0].problem


def test_directory_checks_file_name_language_folder_and_links(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "zh").mkdir()
    (tmp_path / "en" / "wrong-name.md").write_text(GOOD)
    (tmp_path / "zh" / "test-article.md").write_text(
        GOOD.replace("related: []", "related: [missing-one]")
    )
    result = load_directory(tmp_path)
    problems = [str(e) for e in result.errors]
    assert any("does not match the file name" in p for p in problems)
    assert any("folder is 'zh'" in p for p in problems)
