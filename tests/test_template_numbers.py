"""Numbers sent back by forms are written without thousands separators: with Vietnamese
formats a database id of 4009 prints as "4.009", which no form or admin action can read back."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# value="{{ something.pk }}", value="{{ pk }}", value="{{ x.id }}" without |unlocalize
ID_IN_VALUE = re.compile(r'value="\{\{\s*(?:[\w.]*\.)?(?:pk|id)\s*\}\}"')


def _templates() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.html")
        if not {".venv", "var", "test-artifacts", "node_modules"} & set(path.parts)
    ]


def test_ids_in_form_values_are_written_unlocalized():
    offending = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _templates()
        for match in ID_IN_VALUE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert len(_templates()) > 50
    assert not offending, "add |unlocalize:\n" + "\n".join(offending)


def test_the_check_finds_a_localized_id():
    assert ID_IN_VALUE.search('<input name="id" value="{{ n.pk }}">')
    assert ID_IN_VALUE.search('<input value="{{ pk }}">')
    assert not ID_IN_VALUE.search('<input value="{{ n.pk|unlocalize }}">')
