"""Step 3 of the flow: jieba tokenization on a private tokenizer, with two backends.

Every lexicon term jieba can hold is added to a private tokenizer, so 数据分析 / 用户运营 /
小红书 come out whole. The global ``jieba.dt`` is never touched (its ``add_word`` state leaks
between users, jieba #946 / #837).

Backends: ``"jieba"`` (the reference, pure Python, always installed) and ``"rjieba"`` (the
Rust port jieba-rs, ``pip install opsmatch[fast]``, ~20x faster and a tenth of the start-up).
They give IDENTICAL tokens because (1) HMM is off — new-word guessing is where the ports
differ, and it does not help matching since lexicon words are in the dictionary — and (2)
every lexicon word gets the same fixed frequency ``LEXICON_WORD_FREQ`` in both, instead of a
suggested one (the ports suggest slightly different frequencies).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from functools import lru_cache, partial
from typing import Any, NamedTuple

__all__ = ["BACKENDS", "LEXICON_WORD_FREQ", "Token", "Tokenizer", "feature_tokens", "jieba_can_hold", "resolve_backend"]

BACKENDS = ("jieba", "rjieba")
LEXICON_WORD_FREQ = 20_000
"""Frequency given to every lexicon word: above the default frequency of any of them (the
highest, 文学, is 6,890), so none is lowered (jieba #222), and the same in both backends."""

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


def resolve_backend(backend: str = "auto") -> str:
    """``"auto"`` is rjieba when it is installed, else jieba."""
    if backend == "auto":
        try:
            import rjieba  # noqa: F401
        except ImportError:
            return "jieba"
        return "rjieba"
    if backend not in BACKENDS:
        raise ValueError(f"backend must be 'auto' or one of {BACKENDS}, got {backend!r}")
    return backend


@lru_cache(maxsize=8)
def _build(backend: str, words: frozenset[str]) -> Callable[[str], list[str]]:
    """Build (once per backend and word set, per process) a private tokenizer knowing ``words``."""
    with _BUILD_LOCK:
        if backend == "rjieba":
            import rjieba

            rj = rjieba.Jieba()
            for word in sorted(words):
                rj.add_word(word, LEXICON_WORD_FREQ, None)
            return partial(rj.cut, hmm=False)
        import jieba

        with _quiet_jieba():
            tk = jieba.Tokenizer()
            tk.initialize()
        for word in sorted(words):
            tk.add_word(word, LEXICON_WORD_FREQ)
        return partial(tk.lcut, HMM=False)


class Tokenizer:
    """jieba tokenization of normalized text, knowing the given lexicon words.

    >>> tok = Tokenizer(["用户运营"])
    >>> tok.words("负责用户运营")
    ['负责', '用户运营']
    """

    def __init__(self, words: Iterable[str] = (), backend: str = "auto") -> None:
        self.backend = resolve_backend(backend)
        self.words_added = frozenset(w for w in words if jieba_can_hold(w))
        self._cut = _build(self.backend, self.words_added)

    def tokenize(self, text: str) -> list[Token]:
        """Tokens of ``text`` with offsets; white space and punctuation are tokens too."""
        out = []
        pos = 0
        for w in self._cut(text):
            end = pos + len(w)
            out.append(Token(w, pos, end))
            pos = end
        return out

    def words(self, text: str) -> list[str]:
        """Just the token strings, in order."""
        return self._cut(text)


def feature_tokens(words: Iterable[str]) -> list[str]:
    """Tokens worth a TF-IDF feature: two or more characters with a letter or a Han character.

    >>> feature_tokens(["负责", "，", "a", "sql", "2018", "a/b"])
    ['负责', 'sql', 'a/b']
    """
    return [w for w in words if len(w) > 1 and _FEATURE_TOKEN.search(w) is not None]
