"""Writes for wards and users."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.translation import gettext as _

from config.errors import AppError, ConflictError
from wards.langson import WARD_CODES_2023, WARDS_2025
from wards.models import (
    CHANGE_REASON_MAX_LENGTH,
    Role,
    SuccessionTransfer,
    User,
    Ward,
    WardLineage,
    WardSuccession,
)
from wards.succession import Moved, TransferContext, transfer_kinds

DEMO_WARD_ROLES = (("officer", Role.WARD_OFFICER), ("chief", Role.WARD_CHIEF))
DEMO_PROVINCE_USERS = (
    ("reviewer", Role.REVIEWER, "Cán bộ PV01 (tài khoản mẫu)"),
    ("committee", Role.COMMITTEE, "Thành viên Ban Chỉ đạo (tài khoản mẫu)"),
    ("admin", Role.ADMIN, "Quản trị viên (tài khoản mẫu)"),
)


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str,
    ward: Ward | None = None,
    full_name: str = "",
    email: str = "",
) -> User:
    """Create a user with a role (and a ward for ward roles); administrators get the admin site."""
    is_admin = role == Role.ADMIN
    user = User(
        username=username,
        role=role,
        ward=ward,
        full_name=full_name,
        email=email,
        is_staff=is_admin,
        is_superuser=is_admin,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def demo_users_create(*, password: str) -> dict[str, int]:
    """Create the demo accounts that are missing; refuse where demo data is not allowed."""
    if not settings.ALLOW_DEMO_DATA:
        raise ImproperlyConfigured("Demo accounts are refused under production settings.")
    created = 0
    codes = [*WARD_CODES_2023, *(new.code for new in WARDS_2025)]
    wards = Ward.objects.in_bulk(codes, field_name="code")
    for code in codes:
        ward = wards[code]
        for prefix, role in DEMO_WARD_ROLES:
            username = f"{prefix}-{code}"
            if User.objects.filter(username=username).exists():
                continue
            label = Role(role).label
            user_create(
                username=username,
                password=password,
                role=role,
                ward=ward,
                full_name=f"{label} {ward.name} (tài khoản mẫu)",
            )
            created += 1
    for username, role, full_name in DEMO_PROVINCE_USERS:
        if User.objects.filter(username=username).exists():
            continue
        user_create(username=username, password=password, role=role, full_name=full_name)
        created += 1
    return {"demo_users": created}


# ---- Succession: a dissolved ward's records pass to its successor ----


@dataclass
class SuccessionResult:
    """What a succession run passed (or, dry, would pass), by kind, and the kinds skipped
    because they had already passed."""

    predecessor: Ward
    successor: Ward
    effective_date: datetime.date
    dry_run: bool
    moved: dict[str, list[Moved]] = field(default_factory=dict)
    already_done: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Return how many records passed (or would pass)."""
        return sum(len(items) for items in self.moved.values())


def ward_default_successor(*, predecessor: Ward) -> Ward:
    """Return the successor a dissolved ward's records go to by default: its only successor,
    or, when it was split, the one marked as holding its headquarters' address."""
    links = list(predecessor.successor_links.select_related("successor").order_by("pk"))
    if not links:
        raise ConflictError(
            _("%(ward)s không có đơn vị kế thừa; thêm quan hệ kế thừa trước.")
            % {"ward": predecessor.display_name}
        )
    if len(links) == 1:
        return links[0].successor
    marked = [link for link in links if link.holds_headquarters]
    if len(marked) != 1:
        raise ConflictError(
            _(
                "%(ward)s được chia cho nhiều đơn vị mới: chọn đơn vị nhận hồ sơ, hoặc đánh "
                "dấu một đơn vị “đặt trụ sở tại địa chỉ trụ sở cũ” trong quan hệ kế thừa."
            )
            % {"ward": predecessor.display_name}
        )
    return marked[0].successor


@transaction.atomic
def ward_succession_apply(
    *,
    predecessor: Ward,
    successor: Ward,
    user: User | None,
    reason: str,
    effective_date: datetime.date | None = None,
    kinds: list[str] | None = None,
    dry_run: bool = False,
) -> SuccessionResult:
    """Pass the dissolved ward's records (every registered kind, or the given ones) to its
    successor, recording who, when and why; a kind that already passed is skipped, so a
    second run moves and records nothing. A dry run only lists what would pass."""
    reason = (reason or "").strip()[:CHANGE_REASON_MAX_LENGTH]
    if not reason:
        raise AppError(_("Nhập lý do chuyển hồ sơ."), errors={"reason": [_("Nhập lý do.")]})
    link = WardLineage.objects.filter(predecessor=predecessor, successor=successor).first()
    if link is None:
        raise ConflictError(
            _("%(successor)s không phải đơn vị kế thừa của %(predecessor)s.")
            % {"successor": successor.display_name, "predecessor": predecessor.display_name}
        )
    effective_date = effective_date or link.effective_date
    registered = transfer_kinds()
    unknown = set(kinds or ()) - {kind.key for kind in registered}
    if unknown:
        raise AppError(_("Loại hồ sơ không hợp lệ: %(kinds)s") % {"kinds": ", ".join(unknown)})
    done = set(
        WardSuccession.objects.select_for_update()
        .filter(predecessor=predecessor)
        .values_list("kind", flat=True)
    )
    result = SuccessionResult(predecessor, successor, effective_date, dry_run)
    context = TransferContext(predecessor, successor, effective_date, user, reason, dry_run)
    for kind in registered:
        if kinds is not None and kind.key not in kinds:
            continue
        if kind.key in done:
            result.already_done.append(kind.key)
            continue
        moved = [item for _order, _name, handler in kind.handlers for item in handler(context)]
        result.moved[kind.key] = moved
        if dry_run or not moved:
            continue
        succession = WardSuccession.objects.create(
            predecessor=predecessor,
            successor=successor,
            kind=kind.key,
            effective_date=effective_date,
            performed_by=user,
            reason=reason,
        )
        SuccessionTransfer.objects.bulk_create(
            SuccessionTransfer(
                succession=succession,
                model=item.instance._meta.label_lower,
                object_id=item.id,
                new_object_id=item.new_id,
                label=item.label,
                note=item.note[:300],
            )
            for item in moved
        )
    if dry_run:
        transaction.set_rollback(True)
    return result
