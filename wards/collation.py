"""Vietnamese alphabetical order (a ă â b c d đ e ê …, then tones), as a sortable ASCII key."""

from __future__ import annotations

import unicodedata

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}


def _letters_and_tones(text: str) -> tuple[list[str], list[str]]:
    """Return the text's letters (tone marks removed) and its tone digits, in order."""
    letters: list[str] = []
    tones: list[str] = []
    for char in unicodedata.normalize("NFD", text.lower()):
        if char in _TONES:
            tones.append(_TONES[char])
        elif char in _LETTER_MARKS and letters:
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + char)
        else:
            letters.append(char)
            if char.isalpha():
                tones.append("0")
    return letters, tones


def sort_key(text: str) -> str:
    """Return an ASCII key that sorts Vietnamese text in dictionary order (letters, then tones)."""
    letters, tones = _letters_and_tones(text)
    primary = []
    for letter in letters:
        index = _ALPHABET.find(letter)
        primary.append(chr(0x41 + index) if index >= 0 else ("!" if letter == " " else letter))
    return ("".join(primary) + " " + "".join(tones))[:200]
