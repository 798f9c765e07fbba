"""The budget lines that pass with a dissolved ward's building projects: allocations (and
their disbursements) belong to a project, so they follow it; this handler lists them in the
succession's record before the projects move."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from budget.models import Allocation
from facilities.succession import PROJECTS
from wards.succession import Moved, TransferContext, register_transfer


@register_transfer(kind=PROJECTS, order=10)
def transfer_allocations(context: TransferContext) -> list[Moved]:
    """List the old ward's allocations (with what was disbursed) that follow its projects."""
    allocations = (
        Allocation.objects.filter(project__ward=context.predecessor)
        .select_related("project", "source")
        .annotate(paid=Sum("disbursements__amount"), payments=Count("disbursements"))
        .order_by("year", "pk")
    )
    return [
        Moved(
            allocation,
            allocation.pk,
            _("Đi cùng dự án; %(payments)s khoản giải ngân, tổng %(paid)s đồng")
            % {
                "payments": allocation.payments,
                "paid": f"{allocation.paid or 0:,}".replace(",", "."),
            },
        )
        for allocation in allocations
    ]
