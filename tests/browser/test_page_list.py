"""The page list of the phone and axe checks (pages.py) keeps up with the URLs: every URL name of
the permission matrix is either a page there or named in NOT_PAGES with why (no browser needed)."""

from __future__ import annotations

from tests.browser.pages import ANONYMOUS, NOT_PAGES, PAGES, USERNAMES
from tests.test_permission_matrix import MATRIX


def test_every_page_of_the_permission_matrix_is_visited_or_said_not_to_be_a_page():
    listed = {page.url_name for page in PAGES}
    missing = sorted(MATRIX.keys() - listed - NOT_PAGES.keys())
    assert not missing, f"add these pages to tests/browser/pages.py (or NOT_PAGES): {missing}"
    stale = sorted((listed | NOT_PAGES.keys()) - MATRIX.keys())
    assert not stale, f"no longer URL names: {stale}"
    assert not listed & NOT_PAGES.keys()


def test_every_role_has_pages():
    for username in USERNAMES:
        assert any(username in page.roles for page in PAGES), username or ANONYMOUS
