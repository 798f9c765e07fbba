"""Writes for wards and users."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from wards.langson import WARD_CODES_2023, WARDS_2025
from wards.models import Role, User, Ward

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
