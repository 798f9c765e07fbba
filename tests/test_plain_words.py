"""Words users know: one glossary (docs/glossary.md) for the screens, the admin site, the messages
and the generated documents, and no developer jargon anywhere a user reads.

The glossary has two tables: the terms (Vietnamese, meaning, English) and the words not to use.
A term that is a whole message of the interface must have the glossary's English in the English
catalogue; a word not to use must not appear in a template, a model's or app's label, help text
or choice, a Python string (messages, documents), or the catalogue.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.contrib import admin
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary.md"
PO_PATH = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
PROJECT_APPS = (
    "config",
    "wards",
    "facilities",
    "budget",
    "reports",
    "criteria",
    "dashboards",
    "documents",
)
NOT_SOURCE = {".venv", "var", ".git", "node_modules", "__pycache__", "test-artifacts", "migrations"}
TEMPLATE_COMMENT = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S)


def _table(heading: str) -> list[list[str]]:
    """Return the rows (cells stripped) of the Markdown table under a '## heading'."""
    text = GLOSSARY.read_text(encoding="utf-8")
    section = text.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if line.startswith("|") and not set(line) <= set("|- "):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows[1:]  # without the header row


TERMS = _table("Thuật ngữ — Terms")
BANNED = [row[0] for row in _table("Không dùng — Words not to use")]
BANNED_VI = [
    word
    for word, row in zip(BANNED, _table("Không dùng — Words not to use"), strict=True)
    if "(English)" not in row[1]
]
BANNED_EN = [word for word in BANNED if word not in BANNED_VI]


def _found(words: list[str], text: str) -> list[str]:
    low = text.casefold()
    return [word for word in words if re.search(rf"(?<!\w){re.escape(word.casefold())}", low)]


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


def _messages(po) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in po if not e.obsolete and e.msgid and not e.msgid_plural}


def test_glossary_has_both_tables():
    assert len(TERMS) > 40
    assert all(len(row) == 3 and all(row) for row in TERMS), "each term needs a meaning and English"
    assert {"hàng đợi", "thế hệ dữ liệu", "dấu vân tay số liệu", "khóa chống trùng"} <= set(BANNED)
    assert {"bảng điều khiển", "chấm điểm"} <= set(BANNED)


def test_glossary_terms_have_the_same_english_in_the_interface(catalogue):
    messages = _messages(catalogue)
    wrong = []
    for vietnamese, _meaning, english in TERMS:
        accepted = {form.strip().casefold() for form in english.split(" / ")}
        for msgid in {
            vietnamese,
            vietnamese[:1].lower() + vietnamese[1:],
            vietnamese[:1].upper() + vietnamese[1:],
        }:
            if msgid in messages and messages[msgid].casefold() not in accepted:
                wrong.append(f"{msgid!r} is {messages[msgid]!r} in English, glossary: {english!r}")
    assert not wrong, "\n".join(wrong)


def test_glossary_terms_are_words_of_the_interface(catalogue):
    text = " ".join(_messages(catalogue)).casefold()
    unused = [row[0] for row in TERMS if row[0].strip("()").casefold() not in text]
    assert not unused, f"glossary terms the interface never uses: {unused}"


def _templates() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.html")
        if "templates" in path.parts and not set(path.relative_to(ROOT).parts) & NOT_SOURCE
    )


def test_templates_use_no_jargon():
    offenders = []
    for path in _templates():
        text = TEMPLATE_COMMENT.sub("", path.read_text(encoding="utf-8"))
        offenders += [f"{path.relative_to(ROOT)}: {word}" for word in _found(BANNED_VI, text)]
    assert _templates(), "no templates found"
    assert not offenders, "\n".join(offenders)


def _labels() -> list[tuple[str, str]]:
    """Return (where, text) for every label of the models, apps and admin of the project."""
    labels = [
        (f"app {label}", str(apps.get_app_config(label).verbose_name)) for label in PROJECT_APPS
    ]
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in PROJECT_APPS:
            continue
        where = meta.label
        labels += [(where, str(meta.verbose_name)), (where, str(meta.verbose_name_plural))]
        for field in meta.get_fields():
            name = f"{where}.{field.name}"
            for attribute in ("verbose_name", "help_text"):
                value = getattr(field, attribute, "")
                if value:
                    labels.append((name, str(value)))
            for _value, label in getattr(field, "flatchoices", None) or []:
                labels.append((name, str(label)))
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for title, _options in model_admin.fieldsets or ():
            if title:
                labels.append((f"admin {model._meta.label}", str(title)))
        for inline in model_admin.inlines:
            for attribute in ("verbose_name", "verbose_name_plural"):
                if getattr(inline, attribute, None):
                    labels.append((f"admin {inline.__name__}", str(getattr(inline, attribute))))
    return labels


@pytest.mark.parametrize("language", ["vi", "en"])
def test_model_and_admin_labels_use_no_jargon(language):
    banned = BANNED_VI if language == "vi" else BANNED_EN
    with translation.override(language):
        offenders = [
            f"{where}: {text!r} ({', '.join(_found(banned, text))})"
            for where, text in _labels()
            if _found(banned, text)
        ]
    assert not offenders, "\n".join(offenders)


def test_messages_and_their_english_use_no_jargon(catalogue):
    offenders = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        sources = [entry.msgid, entry.msgid_plural or ""]
        english = [entry.msgstr, *entry.msgstr_plural.values()]
        offenders += [f"{entry.msgid!r}: {w}" for w in _found(BANNED_VI, " ".join(sources))]
        offenders += [f"{entry.msgid!r} → {w}" for w in _found(BANNED_EN, " ".join(english))]
    assert not offenders, "\n".join(offenders)


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                ids.add(id(value))
    return ids


def test_python_strings_use_no_jargon():
    """Messages that are not translated (service errors, document texts, command output) too."""
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = set(path.relative_to(ROOT).parts)
        if parts & NOT_SOURCE or "tests" in parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) in docstrings:
                    continue
                for word in _found(BANNED_VI, node.value):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {word}")
    assert not offenders, "\n".join(offenders)
