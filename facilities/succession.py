"""What passes from a dissolved ward to its successor in facilities: the roster (with the
ratings from the takeover year on), equipment, headquarters and building projects.

- Officers on the roster on the eve of the takeover carry on in the successor: their record in
  the old ward ends on the eve (the old ward's roster stays as it was) and a new record in the
  successor starts on the takeover day, open-ended when the old one ended on the eve (the roster
  ended because the ward did) or ending when the old one did. Ratings of the takeover year and
  later go with them (the year's rating is given by the ward in charge at the year's end).
  Officers who start on or after the takeover day move whole.
- Equipment counts are dated: counts up to the eve stay with the old ward (its history); the
  successor gets an opening count on the takeover day per kind, the old ward's latest count on
  the eve, added to what the successor already holds that day (so two merged wards are
  summed). Counts the old ward recorded on or after the takeover day move to the successor.
- Headquarters and building projects (with their milestones, allocations and disbursements)
  move whole to the successor.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from facilities.models import BuildingProject, EquipmentCount, Headquarters, Officer
from wards.succession import Moved, TransferContext, register_transfer, register_transfer_kind

OFFICERS, EQUIPMENT, HEADQUARTERS, PROJECTS = "officers", "equipment", "headquarters", "projects"

register_transfer_kind(key=OFFICERS, label=gettext_lazy("Cán bộ, chiến sĩ và xếp loại"), order=10)
register_transfer_kind(key=EQUIPMENT, label=gettext_lazy("Trang thiết bị"), order=20)
register_transfer_kind(key=HEADQUARTERS, label=gettext_lazy("Trụ sở"), order=30)
register_transfer_kind(
    key=PROJECTS,
    label=gettext_lazy("Dự án trụ sở, mốc tiến độ và kinh phí"),
    order=40,
)


def _day(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


@register_transfer(kind=OFFICERS)
def transfer_officers(context: TransferContext) -> list[Moved]:
    """Carry the officers on the roster on the eve (and those starting later) over."""
    eve = context.effective_date - datetime.timedelta(days=1)
    officers = Officer.objects.filter(ward=context.predecessor).filter(
        Q(active_from__gte=context.effective_date)
        | (Q(active_from__lte=eve) & (Q(active_to__isnull=True) | Q(active_to__gte=eve)))
    )
    moved = []
    for officer in officers.order_by("pk"):
        if context.dry_run:
            moved.append(Moved(officer))
            continue
        if officer.active_from >= context.effective_date:
            officer.ward = context.successor
            context.stamp(officer).save(update_fields=["ward"])
            moved.append(Moved(officer, officer.pk))
            continue
        carried = Officer(
            ward=context.successor,
            full_name=officer.full_name,
            is_placeholder=officer.is_placeholder,
            rank=officer.rank,
            position=officer.position,
            team=officer.team,
            education=officer.education,
            active_from=context.effective_date,
            active_to=None if officer.active_to in (None, eve) else officer.active_to,
        )
        context.stamp(carried).save()
        for rating in officer.ratings.filter(year__gte=context.effective_date.year):
            rating.officer = carried
            context.stamp(rating).save(update_fields=["officer"])
        officer.active_to = eve
        context.stamp(officer).save(update_fields=["active_to"])
        moved.append(
            Moved(
                officer,
                carried.pk,
                _("Công tác tại %(ward)s từ %(day)s")
                % {"ward": context.successor.display_name, "day": _day(context.effective_date)},
            )
        )
    return moved


@register_transfer(kind=EQUIPMENT)
def transfer_equipment(context: TransferContext) -> list[Moved]:
    """Add the old ward's counts on the eve to the successor's opening count; move later ones."""
    day = context.effective_date
    latest: dict[str, EquipmentCount] = {}
    for count in EquipmentCount.objects.filter(
        ward=context.predecessor, counted_on__lt=day
    ).order_by("kind", "-counted_on"):
        latest.setdefault(count.kind, count)
    moved = []
    for kind, count in sorted(latest.items()):
        note = _("Cộng %(quantity)s vào số kiểm kê ngày %(day)s của %(ward)s") % {
            "quantity": count.quantity,
            "day": _day(day),
            "ward": context.successor.display_name,
        }
        if context.dry_run:
            moved.append(Moved(count, None, note))
            continue
        opening = _add_count(context, kind=kind, day=day, quantity=count.quantity)
        moved.append(Moved(count, opening.pk, note))
    for count in EquipmentCount.objects.filter(ward=context.predecessor, counted_on__gte=day):
        note = _("Chuyển sang %(ward)s") % {"ward": context.successor.display_name}
        if context.dry_run:
            moved.append(Moved(count, None, note))
            continue
        target = _add_count(context, kind=count.kind, day=count.counted_on, quantity=count.quantity)
        moved.append(Moved(count, target.pk, note, object_id=count.pk))
        context.stamp(count).delete()
    return moved


def _add_count(context: TransferContext, *, kind: str, day: datetime.date, quantity: int):
    """Add the quantity to the successor's count of the kind on the day (created if none)."""
    target = (
        EquipmentCount.objects.select_for_update()
        .filter(ward=context.successor, kind=kind, counted_on=day)
        .first()
    )
    if target is None:
        target = EquipmentCount(
            ward=context.successor,
            kind=kind,
            counted_on=day,
            quantity=0,
            note=str(_("Tiếp nhận khi sắp xếp đơn vị hành chính")),
        )
    target.quantity += quantity
    context.stamp(target).save()
    return target


def _move_whole(context: TransferContext, queryset) -> list[Moved]:
    """Move each record of the queryset to the successor (or list it, in a dry run)."""
    moved = []
    for instance in queryset.select_related("ward").order_by("pk"):
        moved.append(Moved(instance, None if context.dry_run else instance.pk))
        if not context.dry_run:
            instance.ward = context.successor
            context.stamp(instance).save(update_fields=["ward"])
    return moved


@register_transfer(kind=HEADQUARTERS)
def transfer_headquarters(context: TransferContext) -> list[Moved]:
    """Move the old ward's headquarters to the successor."""
    return _move_whole(context, Headquarters.objects.filter(ward=context.predecessor))


@register_transfer(kind=PROJECTS, order=50)
def transfer_projects(context: TransferContext) -> list[Moved]:
    """Move the old ward's building projects (milestones follow) to the successor."""
    return _move_whole(context, BuildingProject.objects.filter(ward=context.predecessor))
