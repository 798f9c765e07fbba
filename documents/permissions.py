"""Who may do what with official documents: one small function per action, so a policy module
can replace them one by one. Reviewers and administrators write; the steering committee reads
and downloads; ward staff see none of them (province documents)."""

from __future__ import annotations

from wards.models import PROVINCE_ROLES, Role, User

WRITERS = frozenset({Role.REVIEWER, Role.ADMIN})


def can_read_official(user: User) -> bool:
    """List, open, download and preview official documents."""
    return user.is_authenticated and user.role in PROVINCE_ROLES


def can_create_official(user: User) -> bool:
    """Start a new draft from the data."""
    return user.is_authenticated and user.role in WRITERS


def can_edit_official(user: User, document) -> bool:
    """Change a draft's text, date, issuer, recipients and signer."""
    return user.is_authenticated and user.role in WRITERS and document.is_draft


def can_finalise_official(user: User, document) -> bool:
    """Number, lock and store a draft."""
    return user.is_authenticated and user.role in WRITERS and document.is_draft


def can_supersede_official(user: User, document) -> bool:
    """Start a draft that replaces a finalised document."""
    return (
        user.is_authenticated
        and user.role in WRITERS
        and document.state == "final"
        and not hasattr(document, "superseded_by")
    )
