"""Tokenisation for search in zh/en/es/ar.

Chinese is segmented with jieba (stock tokenizers cannot handle 2-character words), with the
wallet vocabulary added to its dictionary; Arabic is normalised (diacritics, alef/ya/ta
marbuta forms) and stemmed; English and Spanish are stemmed with Snowball.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import jieba
import snowballstemmer

WALLET_TERMS_ZH = (
    "助记词",
    "私钥",
    "矿工费",
    "手续费",
    "钱包",
    "转账",
    "到账",
    "没到账",
    "未到账",
    "地址",
    "交易哈希",
    "哈希",
    "区块浏览器",
    "浏览器",
    "授权",
    "取消授权",
    "空投",
    "质押",
    "波场",
    "币安链",
    "以太坊",
    "主网",
    "测试网",
    "冷钱包",
    "硬件钱包",
    "热钱包",
    "密码",
    "忘记密码",
    "导入钱包",
    "创建钱包",
    "备份",
    "被盗",
    "盗币",
    "钓鱼",
    "诈骗",
    "骗子",
    "客服",
    "人工客服",
    "转人工",
    "能量",
    "带宽",
    "闪兑",
    "兑换",
    "滑点",
    "代币",
    "合约地址",
    "跨链",
    "桥",
    "链上",
    "确认数",
    "待确认",
    "打包",
    "卡住",
    "加速",
    "取消交易",
    "失败",
    "余额",
    "不显示",
    "公链",
    "网络",
    "官网",
    "下载",
    "假钱包",
    "签名",
    "授权管理",
    "转错",
    "转错链",
    "转错地址",
    "投毒",
    "地址投毒",
    "种子词",
    "恢复短语",
    "密钥",
    "交易所",
    "提币",
    "充币",
    "备注",
    "标签",
)

_STOP = {
    "en": set(
        [
            "a",
            "an",
            "the",
            "and",
            "or",
            "but",
            "if",
            "of",
            "to",
            "in",
            "on",
            "at",
            "for",
            "from",
            "by",
            "with",
            "about",
            "as",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
            "am",
            "do",
            "does",
            "did",
            "doing",
            "have",
            "has",
            "had",
            "i",
            "me",
            "my",
            "mine",
            "you",
            "your",
            "yours",
            "we",
            "us",
            "our",
            "it",
            "its",
            "this",
            "that",
            "these",
            "those",
            "there",
            "here",
            "what",
            "which",
            "who",
            "whom",
            "how",
            "why",
            "when",
            "where",
            "can",
            "could",
            "would",
            "should",
            "will",
            "shall",
            "may",
            "might",
            "must",
            "not",
            "no",
            "so",
            "than",
            "too",
            "very",
            "just",
            "please",
            "hi",
            "hello",
            "hey",
            "help",
        ]
    ),
    "es": set(
        [
            "el",
            "la",
            "los",
            "las",
            "un",
            "una",
            "unos",
            "unas",
            "y",
            "o",
            "pero",
            "si",
            "de",
            "del",
            "a",
            "al",
            "en",
            "por",
            "para",
            "con",
            "sin",
            "sobre",
            "es",
            "son",
            "era",
            "fue",
            "ser",
            "estar",
            "está",
            "están",
            "estoy",
            "he",
            "ha",
            "han",
            "hay",
            "mi",
            "mis",
            "tu",
            "tus",
            "su",
            "sus",
            "yo",
            "me",
            "te",
            "se",
            "nos",
            "lo",
            "le",
            "les",
            "que",
            "qué",
            "cómo",
            "como",
            "cuál",
            "cuando",
            "cuándo",
            "donde",
            "dónde",
            "por",
            "qué",
            "porque",
            "muy",
            "ya",
            "no",
            "sí",
            "hola",
            "ayuda",
            "favor",
            "puedo",
            "puede",
        ]
    ),
    "ar": set(
        [
            "في",
            "من",
            "على",
            "الى",
            "إلى",
            "عن",
            "مع",
            "هذا",
            "هذه",
            "ذلك",
            "تلك",
            "هو",
            "هي",
            "انا",
            "أنا",
            "انت",
            "أنت",
            "نحن",
            "هم",
            "كيف",
            "ماذا",
            "لماذا",
            "متى",
            "اين",
            "أين",
            "هل",
            "لا",
            "نعم",
            "ما",
            "لم",
            "لن",
            "قد",
            "كان",
            "كانت",
            "يكون",
            "او",
            "أو",
            "ثم",
            "و",
            "ف",
            "ب",
            "ل",
            "ك",
            "الذي",
            "التي",
            "مرحبا",
        ]
    ),
    "zh": set(
        [
            "的",
            "了",
            "吗",
            "呢",
            "吧",
            "啊",
            "呀",
            "我",
            "你",
            "他",
            "她",
            "它",
            "我们",
            "你们",
            "是",
            "在",
            "有",
            "和",
            "与",
            "就",
            "都",
            "也",
            "还",
            "把",
            "被",
            "请",
            "一下",
            "怎么",
            "如何",
            "什么",
            "为什么",
            "哪里",
            "怎样",
            "能",
            "可以",
            "要",
            "会",
            "这个",
            "那个",
            "这",
            "那",
        ]
    ),
}

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ARABIC = r"\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_RUN_RE = re.compile(rf"[{_CJK}]+|[{_ARABIC}]+|[0-9a-zà-ÿñ]+", re.IGNORECASE)
_AR_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_HAN_RE = re.compile(rf"[{_CJK}]")
_ARABIC_RE = re.compile(rf"[{_ARABIC}]")

_jieba_lock = threading.Lock()
_jieba_ready = False


def warm_up() -> None:
    """Load jieba's dictionary once (about a second); later calls are free."""
    global _jieba_ready
    with _jieba_lock:
        if _jieba_ready:
            return
        jieba.setLogLevel(60)
        jieba.initialize()
        for term in WALLET_TERMS_ZH:
            jieba.add_word(term, freq=20000)
        _jieba_ready = True


@lru_cache(maxsize=4)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    name = {"en": "english", "es": "spanish", "ar": "arabic"}[language]
    return snowballstemmer.stemmer(name)


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """Snowball is pure Python (about 1 ms an Arabic word); words repeat, so cache them."""
    return str(_stemmer(language).stemWord(word))


def normalize_arabic(text: str) -> str:
    text = _AR_DIACRITICS.sub("", text)
    text = re.sub("[إأآٱ]", "ا", text)
    return text.replace("ى", "ي").replace("ة", "ه").replace("ؤ", "و").replace("ئ", "ي")


def _fold_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c) or c == "\u0303")


def tokenize(text: str, language: str = "en") -> list[str]:
    """Search tokens for ``text``; ``language`` picks stemming for Latin-script words."""
    text = unicodedata.normalize("NFKC", text).casefold()
    latin_lang = language if language in ("en", "es") else "en"
    tokens: list[str] = []
    for match in _RUN_RE.finditer(text):
        run = match.group()
        if _HAN_RE.match(run):
            warm_up()
            for word in jieba.cut_for_search(run):
                if word.strip() and word not in _STOP["zh"]:
                    tokens.append(word)
        elif _ARABIC_RE.match(run):
            word = normalize_arabic(run)
            if word in _STOP["ar"] or len(word) < 2:
                continue
            tokens.append(stem(word, "ar"))
        else:
            if run in _STOP[latin_lang] or run in _STOP["en"]:
                continue
            word = _fold_accents(run) if latin_lang == "es" else run
            tokens.append(stem(word, latin_lang))
    return tokens


def words(text: str) -> list[str]:
    """Plain word tokens for classification: no stemming and no stopword removal (for
    intents "not", "my" or "没" carry meaning); jieba words for Chinese, normalised Arabic."""
    text = unicodedata.normalize("NFKC", text).casefold()
    out: list[str] = []
    for match in _RUN_RE.finditer(text):
        run = match.group()
        if _HAN_RE.match(run):
            warm_up()
            out.extend(w for w in jieba.cut(run) if w.strip())
        elif _ARABIC_RE.match(run):
            out.append(normalize_arabic(run))
        else:
            out.append(run)
    return out
