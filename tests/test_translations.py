"""The English catalogue: complete, consistent with its compiled .mo and with the source code.

Vietnamese is the source language (the msgids); ``locale/en/LC_MESSAGES/django.po`` must
translate every msgid, keep its placeholders, and be committed together with its compiled
``django.mo`` (so a machine without gettext still gets English).
"""

from __future__ import annotations

import ast
import datetime
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
LC_MESSAGES = ROOT / "locale" / "en" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"

# %(name)s, %(month)02d, %s, %d, %% and {name} / {0} placeholders.
PERCENT_PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxX%]")
BRACE_PLACEHOLDER = re.compile(r"\{[A-Za-z0-9_.\[\]]*(?:![rsa])?(?::[^{}]*)?\}")
HTML_MARKUP = re.compile(r"</?[A-Za-z][^>]*>|&#?\w+;")
# The function names makemessages passes to xgettext (its defaults plus Django's keywords).
XGETTEXT_KEYWORDS = {
    "_",
    "gettext",
    "ngettext",
    "gettext_noop",
    "gettext_lazy",
    "ngettext_lazy",
    "pgettext",
    "npgettext",
    "pgettext_lazy",
    "npgettext_lazy",
}
# Directories that are not source: the virtualenv, runtime data, VCS and tool caches.
NOT_SOURCE = (
    ".venv",
    "var",
    ".git",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "test-artifacts",
    "bench-results",
)


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


def _entries(po: polib.POFile | polib.MOFile):
    return [e for e in po if not e.obsolete and e.msgid]


def _placeholders(entry: polib.POEntry, text: str) -> Counter:
    found = Counter()
    if "python-format" in entry.flags:
        found.update(PERCENT_PLACEHOLDER.findall(text))
    found.update(BRACE_PLACEHOLDER.findall(text))
    return found


def _translations(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs; a plural entry pairs msgstr[0] with msgid, the rest with
    msgid_plural."""
    if entry.msgid_plural:
        return [
            (entry.msgid if index == 0 else entry.msgid_plural, text)
            for index, text in sorted(entry.msgstr_plural.items())
        ]
    return [(entry.msgid, entry.msgstr)]


def _edge_whitespace(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


def test_header_declares_english_utf8_and_two_plural_forms(catalogue):
    assert not catalogue.metadata_is_fuzzy
    assert catalogue.metadata["Language"] == "en"
    assert "charset=UTF-8" in catalogue.metadata["Content-Type"]
    assert catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_every_entry_is_translated_and_not_fuzzy(catalogue):
    entries = _entries(catalogue)
    assert len(entries) > 500, "the catalogue looks truncated"
    untranslated = [e.msgid for e in entries if not e.translated()]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated[:20]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy: {fuzzy[:20]}"
    for entry in entries:
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1], entry.msgid
            assert all(entry.msgstr_plural.values()), entry.msgid


def test_translations_keep_placeholders_markup_and_edge_whitespace(catalogue):
    problems = []
    for entry in _entries(catalogue):
        for source, text in _translations(entry):
            if _placeholders(entry, source) != _placeholders(entry, text):
                problems.append(f"placeholders differ: {source!r} -> {text!r}")
            if Counter(HTML_MARKUP.findall(source)) != Counter(HTML_MARKUP.findall(text)):
                problems.append(f"HTML tags/entities differ: {source!r} -> {text!r}")
            if _edge_whitespace(source) != _edge_whitespace(text):
                problems.append(f"leading/trailing whitespace differs: {source!r} -> {text!r}")
    assert not problems, "\n".join(problems)


def _message_map(po: polib.POFile | polib.MOFile) -> dict:
    messages = {}
    for entry in _entries(po):
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural or None)
        if entry.msgid_plural:
            messages[key] = tuple(text for _, text in sorted(entry.msgstr_plural.items()))
        else:
            messages[key] = entry.msgstr
    return messages


def test_committed_mo_matches_the_po(catalogue):
    assert MO_PATH.exists(), "compile with: manage.py compilemessages --ignore '.venv/*'"
    compiled = polib.mofile(str(MO_PATH))
    po_messages, mo_messages = _message_map(catalogue), _message_map(compiled)
    stale = sorted(
        key[1]
        for key in po_messages.keys() | mo_messages.keys()
        if po_messages.get(key) != mo_messages.get(key)
    )
    assert not stale, (
        f"django.mo is out of date for {len(stale)} messages (run compilemessages): {stale[:20]}"
    )
    assert compiled.metadata.get("Plural-Forms") == catalogue.metadata["Plural-Forms"]


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="GNU gettext's xgettext is not installed, so makemessages cannot run",
)
def test_catalogue_has_exactly_the_messages_of_the_source(tmp_path, catalogue):
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*NOT_SOURCE), symlinks=True)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--ignore",
            ".venv/*",
            "--ignore",
            "var/*",
            "--ignore",
            "node_modules/*",
            "--no-obsolete",
        ],
        cwd=copy,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    regenerated = polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    wanted = {(e.msgctxt, e.msgid) for e in _entries(regenerated)}
    have = {(e.msgctxt, e.msgid) for e in _entries(catalogue)}
    missing = sorted(msgid for _, msgid in wanted - have)
    extra = sorted(msgid for _, msgid in have - wanted)
    assert not missing and not extra, (
        "locale/en/LC_MESSAGES/django.po is out of step with the source; run makemessages -l en "
        "(ignoring .venv/* and var/*), translate, then compilemessages.\n"
        f"Missing from the catalogue ({len(missing)}): {missing}\n"
        f"No longer in the source ({len(extra)}): {extra}"
    )


def _source_files():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if not set(parts) & set(NOT_SOURCE) and "migrations" not in parts:
            yield path


def test_no_gettext_call_hides_inside_an_f_string():
    """xgettext does not read inside f-strings, so a message marked there never reaches the
    catalogue and stays Vietnamese in the English interface."""
    hidden = []
    for path in _source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for part in node.values:
                for inner in ast.walk(part):
                    func = getattr(inner, "func", None)
                    name = getattr(func, "id", None) or getattr(func, "attr", None)
                    if isinstance(inner, ast.Call) and name in XGETTEXT_KEYWORDS:
                        hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert not hidden, f"move these gettext calls out of their f-strings: {hidden}"


def test_gettext_functions_are_imported_under_names_xgettext_knows():
    """``from django.utils.translation import gettext_lazy as _lazy`` hides every ``_lazy(...)``
    message from makemessages."""
    unknown = []
    for path in _source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                for alias in node.names:
                    name = alias.asname or alias.name
                    if "gettext" in alias.name and name not in XGETTEXT_KEYWORDS:
                        unknown.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    assert not unknown, f"xgettext does not extract calls to these names: {unknown}"


# Known strings and their English; looked up through a variable so that makemessages does not
# take this test file for a source of messages.
KNOWN_ENGLISH = {
    "Trang chủ Công an tỉnh": "Provincial Police home",
    "Đã duyệt": "Approved",
    "Kỳ": "Period",
    "Công an phường kiểu mẫu": "Model ward police",
    "Phường": "Ward",
}
UNUSUAL_FIGURES = "%(counter)s số liệu bất thường"


def test_messages_render_in_english_when_english_is_active():
    gettext, ngettext = translation.gettext, translation.ngettext
    with translation.override("en"):
        for msgid, english in KNOWN_ENGLISH.items():
            assert gettext(msgid) == english
        plural = UNUSUAL_FIGURES
        assert ngettext(plural, plural, 1) % {"counter": 1} == "1 unusual figure"
        assert ngettext(plural, plural, 3) % {"counter": 3} == "3 unusual figures"
    with translation.override("vi"):
        for msgid in KNOWN_ENGLISH:
            assert gettext(msgid) == msgid


def test_ward_display_name_is_translated(ward_a):
    ward_a.valid_to = datetime.date(2025, 6, 30)
    with translation.override("en"):
        assert ward_a.display_name == "Phường A Ward (until 30/06/2025)"
    with translation.override("vi"):
        assert ward_a.display_name == "Phường Phường A (đến 30/06/2025)"


def test_reviewer_home_page_switches_to_english(reviewer_client):
    home = reviewer_client.get(reverse("home")).content.decode()
    assert "Trang chủ Công an tỉnh" in home

    response = reviewer_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302

    page = reviewer_client.get(reverse("home"))
    html = page.content.decode()
    assert page["Content-Language"] == "en"
    assert "<title>Provincial Police home — Lạng Sơn</title>" in html
    assert "Trang chủ Công an tỉnh" not in html
    assert "Log out" in html
