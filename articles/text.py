"""
Text in every script the site publishes: telling Chinese, Japanese and Korean (CJK) text apart,
cutting excerpts to the room they have on the page, and slugs from headlines in any script.

Lengths are measured in display width, the way a page lays text out: a CJK character takes the room
of two Latin letters (Unicode's East Asian Width “W” and “F”), so an excerpt of 180 takes the same
room whatever its language: 30-odd English words, or 90 Chinese characters.
"""

import re
import unicodedata

from django.utils.text import Truncator, slugify

# Scripts written without spaces between words (Han, kana) and Hangul, which has spaces but packs a
# syllable into one character: CJK runs are indexed as overlapping pairs of characters (articles/search.py).
CJK_RANGES = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u3005\u3007"  # 々 (repetition mark), 〇 (zero)
    "\u3040-\u30ff"  # Hiragana, Katakana (with ー)
    "\u3130-\u318f"  # Hangul Compatibility Jamo
    "\u31f0-\u31ff"  # Katakana Phonetic Extensions
    "\u3400-\u4dbf"  # CJK Unified Ideographs Extension A
    "\u4e00-\u9fff"  # CJK Unified Ideographs
    "\uac00-\ud7af"  # Hangul Syllables
    "\uf900-\ufaff"  # CJK Compatibility Ideographs
    "\U00020000-\U0003134f"  # Extensions B to G
)
CJK_RUN = re.compile(f"[{CJK_RANGES}]+")
# Han and kana: no spaces between words, so a line may break (and an excerpt be cut) between any two.
UNSPACED = re.compile("[\u3005\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")

# Where a sentence ends, in CJK and Latin punctuation; closing quotes and brackets stay with it.
_SENTENCE_END = "。！？!?．"
_CLAUSE_END = "，、；：,;:"
_CLOSERS = "”’」』）)]】〉》\"'"
ELLIPSIS = "…"


def has_cjk(text):
    return bool(text) and CJK_RUN.search(text) is not None


def char_width(char):
    """The room one character takes: 2 for wide CJK characters, 0 for combining marks, else 1."""
    if unicodedata.combining(char) or char in "\u200d\ufe0f\ufe0e":
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def text_width(text):
    # ASCII is one column a character (the usual English excerpt, measured on every card).
    return len(text) if text.isascii() else sum(char_width(c) for c in text)


def _joins_previous(char):
    """A character that belongs to the one before it (accent, variation selector, joiner): never cut before it."""
    return unicodedata.combining(char) or char in "\u200d\ufe0f\ufe0e" or 0xE0100 <= ord(char) <= 0xE01EF


def clip(text, width, ellipsis=ELLIPSIS):
    """
    `text` cut to at most `width` (display width, ellipsis included): after the last sentence end that
    leaves at least half the room used, else at the last clause end (its comma replaced by the
    ellipsis), else between two Chinese or Japanese characters or at a space, never inside a word of a
    spaced script nor between a character and its accent.
    """
    text = " ".join((text or "").split())
    if text_width(text) <= width:
        return text
    room = width - text_width(ellipsis)
    used, cut = 0, 0
    if text.isascii():
        cut = max(room, 0)
    else:
        for i, char in enumerate(text):
            used += char_width(char)
            if used > room:
                break
            cut = i + 1
    while 0 < cut < len(text) and (_joins_previous(text[cut]) or text[cut - 1] == "\u200d"):
        cut -= 1
    window = text[:cut]
    half = len(window) // 2

    # A mark just past the room still counts: a sentence end replaces the ellipsis, a comma becomes it.
    marks = text[: cut + 1]
    sentence = max(
        (i for i, char in enumerate(marks) if char in _SENTENCE_END or (char == "." and text[i + 1 : i + 2] in ("", " "))),
        default=-1,
    )
    if sentence >= half:
        end = sentence + 1
        while end < cut and text[end] in _CLOSERS:
            end += 1
        return text[:end].rstrip()
    clause = max(marks.rfind(mark) for mark in _CLAUSE_END)
    if clause >= half:
        return text[:clause].rstrip() + ellipsis
    if not (UNSPACED.match(text[cut - 1]) or UNSPACED.match(text[cut])) and not text[cut].isspace():
        # Inside a word of a spaced script (English, Korean): back up to the space before it.
        space = window.rfind(" ")
        if space > 0:
            window = window[:space]
    return window.rstrip(" ,;:、，") + ellipsis


def excerpt(text, words=30):
    """
    The opening of `text` for lists and “Check Also”: English and other spaced text cut at `words`
    words; text with CJK in it cut to the same room on the page (six columns a word) at a sentence
    or clause end when there is one.
    """
    text = " ".join((text or "").split())
    if not has_cjk(text):
        return Truncator(text).words(words, truncate=ELLIPSIS)
    return clip(text, words * 6)


# Punctuation inside a headline separates words in its address: “硅谷女性：讲座” → 硅谷女性-讲座;
# an apostrophe joins them (“We’re” → were).
_APOSTROPHES = re.compile(r"['’ʼ]")
_NOT_SLUG = re.compile(r"[^\w\s-]")


def slug_for(title, max_width=80):
    """
    A readable address part for a headline in any script: Chinese stays Chinese (browsers show it as
    typed), punctuation becomes a hyphen, and the slug is cut at a word (or CJK character) boundary
    to at most `max_width` (a CJK character counting two).
    """
    slug = slugify(_NOT_SLUG.sub(" ", _APOSTROPHES.sub("", title or "")), allow_unicode=True)
    if text_width(slug) <= max_width:
        return slug.strip("-")
    used, cut = 0, 0
    for i, char in enumerate(slug):
        used += char_width(char)
        if used > max_width:
            break
        cut = i + 1
    if "-" in slug[:cut] and not (UNSPACED.match(slug[cut - 1]) and UNSPACED.match(slug[cut])):
        head = slug[:cut]
        if slug[cut] != "-":
            head = head.rsplit("-", 1)[0]
        return head.strip("-")
    return slug[:cut].strip("-")


# Reading speeds for the reading time: about 230 words a minute in English, and 400 characters a
# minute in Chinese or Japanese, which are counted in characters, not words.
WORDS_PER_MINUTE = 230
UNSPACED_PER_MINUTE = 400


_WORDLIKE = re.compile(r"\w")


def count_words(text):
    """
    (words, characters): the words of scripts written with spaces, and the Han and kana characters
    of those written without (每个汉字算一个字, as Chinese word counts do). Hangul is written with
    spaces between words and counted in words.
    """
    characters = len(UNSPACED.findall(text or ""))
    # A token of punctuation only (“。”, “—”) is no word.
    words = sum(1 for token in UNSPACED.sub(" ", text or "").split() if _WORDLIKE.search(token))
    return words, characters


def reading_minutes(words, characters):
    """Whole minutes to read so many words and characters (count_words), at least one."""
    return max(1, round(words / WORDS_PER_MINUTE + characters / UNSPACED_PER_MINUTE))
