"""Step 3 of the flow: jieba tokenization with offsets, on a private ``jieba.Tokenizer``.

Every lexicon term jieba can hold is added to a private tokenizer, so 数据分析 / 用户运营 /
小红书 come out whole. The global ``jieba.dt`` is never touched (its ``add_word`` state leaks
between users, jieba #946 / #837). HMM is off: new-word guessing does not help matching
(lexicon words are in the dictionary) and keeps tokens identical across jieba ports.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, NamedTuple

import jieba

__all__ = ["Token", "Tokenizer", "feature_tokens", "jieba_can_hold"]

# jieba splits text on anything outside this class before it consults its dictionary
# (its hard-coded re_han_default), so terms with "/", " ", "·" cannot be dictionary words.
_JIEBA_WORD = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")
_HAS_CJK = re.compile(r"[\u4E00-\u9FD5]")
_FEATURE_TOKEN = re.compile(r"[\u4E00-\u9FD5a-z]")
_BUILD_LOCK = threading.Lock()


class Token(NamedTuple):
    """A token of the normalized text with its [start, end) offsets (a light tuple: there are many)."""

    text: str
    start: int
    end: int


def jieba_can_hold(word: str) -> bool:
    """Whether jieba's dictionary can keep ``word`` as one token (no ``/``, space, ``·``)."""
    return bool(_JIEBA_WORD.fullmatch(word)) and bool(_HAS_CJK.search(word))


@contextmanager
def _quiet_jieba() -> Any:
    """jieba logs "Building prefix dict ..." to stderr at DEBUG; a library must not print."""
    logger = logging.getLogger("jieba")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


@lru_cache(maxsize=8)
def _build_jieba(words: frozenset[str]) -> Any:
    """Build (once per word set, per process) a private jieba tokenizer that knows ``words``."""
    with _BUILD_LOCK, _quiet_jieba():
        tk = jieba.Tokenizer()
        tk.initialize()
        for word in sorted(words):
            tk.add_word(word, tk.suggest_freq(word, tune=False))
    return tk


class Tokenizer:
    """jieba tokenization of normalized text, knowing the given lexicon words.

    >>> tok = Tokenizer(["用户运营"])
    >>> tok.words("负责用户运营")
    ['负责', '用户运营']
    """

    def __init__(self, words: Iterable[str] = ()) -> None:
        self.words_added = frozenset(w for w in words if jieba_can_hold(w))
        self._jieba = _build_jieba(self.words_added)

    def tokenize(self, text: str) -> list[Token]:
        """Tokens of ``text`` with offsets; white space and punctuation are tokens too."""
        out = []
        pos = 0
        for w in self._jieba.cut(text, HMM=False):
            end = pos + len(w)
            out.append(Token(w, pos, end))
            pos = end
        return out

    def words(self, text: str) -> list[str]:
        """Just the token strings, in order."""
        return self._jieba.lcut(text, HMM=False)  # type: ignore[no-any-return]


def feature_tokens(words: Iterable[str]) -> list[str]:
    """Tokens worth a TF-IDF feature: two or more characters with a letter or a Han character."""
    return [w for w in words if len(w) > 1 and _FEATURE_TOKEN.search(w)]
