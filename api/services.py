"""Making, checking and revoking personal access tokens.

A token is 43 random URL-safe characters after the prefix "lsw_"; the database keeps only its
SHA-256 hash, so a copied database gives no usable token.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken
from wards.models import User

TOKEN_PREFIX = "lsw_"  # noqa: S105 (a prefix, not a secret)
# Writing last_used_at on every request would turn each read into a write; once a minute is
# precise enough to tell whether a token is still in use.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)
MAX_ACTIVE_TOKENS = 20


def token_hash(raw: str) -> str:
    """Return the SHA-256 hex digest stored for a token."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def token_create(
    *, user: User, name: str, days: int | None = None, now: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """Make a token for the user; return the row and the token itself (shown once, never
    stored)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Phải đặt tên cho mã truy cập.")})
    days = settings.API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= settings.API_TOKEN_DAYS:
        raise ValidationError(
            {"days": _("Thời hạn từ 1 đến %(days)s ngày.") % {"days": settings.API_TOKEN_DAYS}}
        )
    now = now or timezone.now()
    User.objects.select_for_update().filter(pk=user.pk).first()  # one maker at a time per user
    token_limit_check(user=user, now=now)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        token_hash=token_hash(raw),
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    return token, raw


def token_limit_check(*, user: User, now: datetime.datetime | None = None) -> None:
    """Refuse a new token when the user already has MAX_ACTIVE_TOKENS active ones."""
    active = ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=now or timezone.now()
    )
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("Đã có %(count)s mã đang hiệu lực; hãy thu hồi bớt mã không dùng.")
            % {"count": MAX_ACTIVE_TOKENS}
        )


def token_revoke(*, token: ApiToken, now: datetime.datetime | None = None) -> bool:
    """Revoke a token (kept for the record); return whether it was still unrevoked."""
    return bool(
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=now or timezone.now()
        )
    )


def token_authenticate(raw: str, *, now: datetime.datetime | None = None) -> ApiToken | None:
    """Return the active token (with its user) for the raw token, or None; note its use."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    now = now or timezone.now()
    token = (
        ApiToken.objects.select_related("user", "user__ward")
        .filter(token_hash=token_hash(raw), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def tokens_of(*, user: User):
    """Return the user's tokens, newest first (one query)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")
