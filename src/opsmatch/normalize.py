"""Step 1 of the flow: normalize posting text and keep a map back to the original offsets.

Matching runs on the normalized text (NFKC, ASCII lower-case, HTML tags and entities
removed, white-space variants folded to a plain space), while every span we report points
into the text the user gave us. Any ``str`` is accepted: a lone surrogate (text decoded with
``surrogateescape``, or built by hand) is read as U+FFFD, the replacement character, one for
one, so offsets still map back. Runs of white space are *not* collapsed: collapsing would
cost the identity offset map on the common path for no gain, since the tokenizer and the
matcher skip white space anyway.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["NormalizedText", "normalize", "normalize_term"]

_WHITESPACE = (
    "\t\r\x0b\x0c\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


def _fold_table() -> dict[int, str]:
    """One-to-one folds: full-width ASCII -> half-width, A-Z -> a-z, white space -> ' '."""
    table: dict[int, str] = {c: chr(c - 0xFEE0).lower() for c in range(0xFF01, 0xFF5F)}
    table.update({c: chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})
    table.update({ord(c): " " for c in _WHITESPACE})
    return table


_FOLD = _fold_table()
# the other folds (wide forms, white space), done with str.replace per distinct character present: str.translate
# with a dict is slow on Han text (a failed look-up per character)
_WIDE_FOLD = {chr(c): v for c, v in _FOLD.items() if not 0x41 <= c <= 0x5A}
_WIDE = re.compile("[" + "".join(sorted(_WIDE_FOLD)) + "]")
_ZERO_WIDTH_RE = re.compile("[" + "".join(sorted(_ZERO_WIDTH)) + "]")
_HTML_HINT = re.compile(r"<[a-zA-Z/!][^<>]*>|&(?:[a-zA-Z]{2,8}|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_BLOCK_TAGS = re.compile(r"</?(?:br|p|div|li|ul|ol|tr|td|h[1-6]|section|article|table)\b", re.I)
_BLOCK_OPEN = re.compile(r"<(script|style)\b[^<>]*>", re.I)
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, eq=False)
class NormalizedText:
    """Normalized text plus, per normalized character, the original [start, end) it came from.

    ``starts`` / ``ends`` are ``None`` when the map is the identity (the common case).
    """

    text: str
    original: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized [start, end) span to the original text.

        >>> n = normalize("<b>ＳＱＬ</b>")
        >>> n.text, n.original_span(0, 3)
        ('sql', (3, 6))
        """
        if self.starts is None or self.ends is None:
            return start, end
        if start >= end:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def _nfkc_char(ch: str) -> str:
    """One character as matching reads it: NFKC, folded; zero-width marks dropped, lone surrogates U+FFFD."""
    if ch in _ZERO_WIDTH:
        return ""
    if "\ud800" <= ch <= "\udfff":
        return "\ufffd"
    return unicodedata.normalize("NFKC", ch).translate(_FOLD)


def normalize(text: str) -> NormalizedText:
    """Normalize ``text`` for matching, keeping the offset map back to it.

    >>> normalize("熟练使用ＥＸＣＥＬ").text
    '熟练使用excel'
    """
    folded = _fold(text)
    if (
        unicodedata.is_normalized("NFKC", folded)
        and not _HTML_HINT.search(folded)
        and not _ZERO_WIDTH_RE.search(folded)
    ):
        return NormalizedText(folded, text)
    return _normalize_slow(text)


def _fold(text: str) -> str:
    """``text.translate(_FOLD)`` (``reference_fold``, held equal by a property test), done as
    ASCII lower-cased in UTF-8 bytes (multi-byte sequences have no ASCII bytes), then one
    ``replace`` per distinct other character; a lone surrogate becomes U+FFFD. It stays while
    ``benchmarks/compare_moment.py`` shows it pays (the plain form: 4-13% slower with rjieba).

    >>> _fold("ＳＱＬ，Excel\u3000")
    'sql,excel '
    """
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: no tokenizer can take them
        raw = _SURROGATE.sub("\ufffd", text).encode("utf-8")
    out = raw.lower().decode("utf-8")
    for ch in set(_WIDE.findall(out)):
        out = out.replace(ch, _WIDE_FOLD[ch])
    return out


def reference_fold(text: str) -> str:
    """The plain meaning of ``_fold``."""
    return _SURROGATE.sub("\ufffd", text).translate(_FOLD)


def _dropped_blocks(text: str) -> list[tuple[int, int]]:
    """The [start, end) spans of ``<script>…</script>`` and ``<style>…</style>`` blocks, found in
    time linear in the text (an opening tag with no closing one drops nothing)."""
    out: list[tuple[int, int]] = []
    lower = text.lower()
    pos = 0
    exhausted: set[str] = set()
    while True:
        m = _BLOCK_OPEN.search(text, pos)
        if m is None:
            return out
        tag = m.group(1).lower()
        close = -1 if tag in exhausted else lower.find("</" + tag, m.end())
        if close < 0:
            exhausted.add(tag)  # no closing tag after here: none after any later opening either
            pos = m.end()
            continue
        end = lower.find(">", close)
        end = len(text) if end < 0 else end + 1
        out.append((m.start(), end))
        pos = end


def _normalize_slow(text: str) -> NormalizedText:
    """Character-by-character path for HTML, entities and length-changing NFKC forms."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def emit(piece: str, start: int, end: int) -> None:
        for ch in piece:
            out.append(ch)
            starts.append(start)
            ends.append(end)

    dropped = _dropped_blocks(text)
    markup = {m.start(): m for m in _HTML_HINT.finditer(text)}
    i, n, d = 0, len(text), 0
    while i < n:
        if d < len(dropped) and dropped[d][0] == i:
            emit("\n", i, dropped[d][1])
            i = dropped[d][1]
            d += 1
            continue
        m = markup.get(i)
        if m is not None:
            token = m.group(0)
            if token.startswith("&"):
                emit("".join(_nfkc_char(c) for c in html.unescape(token)), i, m.end())
            elif _BLOCK_TAGS.match(token):
                emit("\n", i, m.end())
            i = m.end()
            continue
        emit(_nfkc_char(text[i]), i, i + 1)
        i += 1
    return NormalizedText("".join(out), text, tuple(starts), tuple(ends))


def normalize_term(term: str) -> str:
    """Normalize a lexicon term the same way posting text is normalized.

    >>> normalize_term("Power BI")
    'power bi'
    """
    return "".join(_nfkc_char(c) for c in term).strip()
