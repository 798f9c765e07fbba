"""Writes for allocations and disbursements; each locks its allocation row."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.models import Allocation, Disbursement, FundingSource
from facilities.models import BuildingProject
from wards.models import ResponsibleBody, User


def format_vnd(amount: int) -> str:
    """Return whole VND grouped with dots, e.g. 28.868.000.000."""
    return f"{amount:,}".replace(",", ".")


@transaction.atomic
def allocation_create(
    *, project: BuildingProject, source: FundingSource, year: int, amount: int, note: str = ""
) -> Allocation:
    """Plan an amount from a source for a project in a year (one row per project, source, year)."""
    allocation = Allocation(project=project, source=source, year=year, amount=amount, note=note)
    allocation.full_clean()
    allocation.save()
    return allocation


@transaction.atomic
def allocation_update(*, allocation_id: int, amount: int, note: str = "") -> Allocation:
    """Change an allocation's amount; refuse an amount below what is already disbursed."""
    allocation = Allocation.objects.select_for_update().get(pk=allocation_id)
    if amount < allocation.disbursed_total:
        raise ValidationError(
            {
                "amount": _("Số phân bổ không được nhỏ hơn số đã giải ngân (%(disbursed)s đồng).")
                % {"disbursed": format_vnd(allocation.disbursed_total)}
            }
        )
    allocation.amount = amount
    allocation.note = note
    allocation.full_clean()
    allocation.save()
    return allocation


@transaction.atomic
def disbursement_create(
    *,
    allocation_id: int,
    amount: int,
    paid_on: datetime.date,
    reference: str = "",
    note: str = "",
    user: User | None = None,
) -> Disbursement:
    """Record a payment out of an allocation; refuse one that exceeds what remains."""
    allocation = Allocation.objects.select_for_update().get(pk=allocation_id)
    if amount <= 0:
        raise ValidationError({"amount": _("Số tiền giải ngân phải lớn hơn 0.")})
    if allocation.disbursed_total + amount > allocation.amount:
        raise ValidationError(
            {
                "amount": _(
                    "Không thể giải ngân %(amount)s đồng: vượt số còn lại của phân bổ "
                    "(còn %(remaining)s đồng)."
                )
                % {"amount": format_vnd(amount), "remaining": format_vnd(allocation.remaining)}
            }
        )
    disbursement = Disbursement(
        allocation=allocation,
        amount=amount,
        paid_on=paid_on,
        reference=reference,
        note=note,
        created_by=user,
    )
    disbursement.full_clean()
    disbursement.save()
    allocation.disbursed_total += amount
    allocation.save(update_fields=["disbursed_total"])
    return disbursement


@transaction.atomic
def disbursement_cancel(*, disbursement_id: int) -> Allocation:
    """Delete a disbursement entered by mistake and give its amount back to the allocation."""
    disbursement = Disbursement.objects.select_related("allocation").get(pk=disbursement_id)
    allocation = Allocation.objects.select_for_update().get(pk=disbursement.allocation_id)
    allocation.disbursed_total -= disbursement.amount
    allocation.save(update_fields=["disbursed_total"])
    disbursement.delete()
    return allocation


@transaction.atomic
def allocation_reassign_payer(
    *,
    allocation_id: int,
    payer: ResponsibleBody,
    reason: str,
    user: User | None = None,
    day: datetime.date | None = None,
) -> Allocation:
    """Give an allocation a new payer (the old one no longer exists), recording who, when and
    why in its history; refuse a payer that does not exist on the day or an empty reason."""
    day = day or timezone.localdate()
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Nhập lý do giao cơ quan chi trả thay thế.")})
    if not payer.is_valid_on(day):
        raise ValidationError(
            {
                "payer": _("%(body)s không còn hiệu lực ngày %(day)s.")
                % {"body": payer.text_name, "day": day.strftime("%d/%m/%Y")}
            }
        )
    allocation = Allocation.objects.select_for_update().get(pk=allocation_id)
    allocation.payer = payer
    allocation._change_reason = reason
    allocation._history_user = user
    allocation.save(update_fields=["payer"])
    return allocation
