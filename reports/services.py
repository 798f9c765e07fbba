"""Writes for monthly and yearly reports: entry with optimistic locking, the review workflow,
the audit trail and the notifications it sends."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import AppError, ConflictError, NotAllowedError
from reports.models import (
    EDITABLE_STATUSES,
    BaselineSource,
    BaselineTotals,
    MonthlyReport,
    Notification,
    NotificationKind,
    ReportStatus,
    ReportTransition,
    TransitionAction,
    YearlyReport,
)
from reports.rules import CARRY_OVERS, REASON_MAX_LENGTH, fields_for, validation_errors
from reports.selectors import carried_over_defaults, monthly_outlier_fields, report_due_date
from reports.totals import month_totals_refresh
from wards.access import Action, allows
from wards.models import WARD_ROLES, User, Ward

Report = MonthlyReport | YearlyReport

REMINDER_DAYS_BEFORE = 3
BASELINE_FIRST_YEAR = 2000
BASELINE_LAST_YEAR = 2100


class ReportError(AppError):
    """A report change that is refused, with a message for the user."""


class StaleReportError(ReportError, ConflictError):
    """Someone else changed the report since the user opened it."""


class ReportLockedError(ReportError, ConflictError):
    """The report is submitted or approved and cannot be changed now."""


class ReportPermissionError(ReportError, NotAllowedError):
    """The user's role may not do this to this report."""


class ReportValidationError(ReportError):
    """Some figures break a rule; errors holds the messages per field."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(_("Số liệu chưa hợp lệ, xin xem lại các ô được đánh dấu."), errors=errors)


def _stale_message() -> str:
    """Return the message shown when someone else changed the report in the meantime."""
    return _(
        "Báo cáo vừa được người khác thay đổi sau khi bạn mở. Số liệu của bạn chưa được lưu: "
        "hãy xem lại bản mới nhất (mở lại trang) rồi nhập lại các thay đổi."
    )


def report_url(report: Report) -> str:
    """Return the page of a monthly or yearly report (uses report.ward)."""
    if isinstance(report, MonthlyReport):
        return reverse("reports:monthly", args=[report.ward.code, report.year, report.month])
    return reverse("reports:yearly", args=[report.ward.code, report.year])


def report_period(report: Report) -> str:
    """Return "tháng 03/2025" or "năm 2025" for messages."""
    if isinstance(report, MonthlyReport):
        return _("tháng %(month)02d/%(year)s") % {"month": report.month, "year": report.year}
    return _("năm %(year)s") % {"year": report.year}


def _record_history(report: Report, *, user: User | None, reason: str) -> None:
    """Write one audit-history row with the report's current values."""
    type(report).history.bulk_history_create(
        [report], update=True, default_user=user, default_change_reason=reason[:100]
    )


def _check_period(ward: Ward, year: int, month: int | None, today: datetime.date) -> None:
    """Refuse a period the ward does not report for or that has not started."""
    if not ward.in_programme:
        raise ReportPermissionError(_("Đơn vị này không thuộc Đề án, không nhập báo cáo."))
    if year < 2023:
        raise ReportError(_("Đề án bắt đầu từ năm 2023."))
    if month is None:
        if not ward.is_valid_in_year(year) or year > today.year:
            raise ReportError(_("Phường không có kỳ báo cáo năm này."))
        return
    if not 1 <= month <= 12:
        raise ReportError(_("Tháng không hợp lệ."))
    if not ward.is_valid_in_month(year, month):
        raise ReportError(_("Phường không hoạt động trong tháng này nên không có báo cáo."))
    if datetime.date(year, month, 1) > today:
        raise ReportError(_("Chưa đến tháng báo cáo này."))


def _save_figures(
    model: type,
    *,
    user: User,
    ward: Ward,
    lookup: dict,
    values: dict,
    version: int | None,
    change_reason: str,
    is_demo: bool = False,
) -> Report:
    """Create or update figures race-free: the UPDATE only matches the expected version."""
    if not allows(user, Action.EDIT, ward):
        raise ReportPermissionError(_("Chỉ cán bộ của phường mới được nhập báo cáo của phường."))
    errors = validation_errors(model, values)
    if errors:
        raise ReportValidationError(errors)
    figures = {name: int(values[name]) for name in fields_for(model)}
    if model is MonthlyReport:
        figures["outlier_fields"] = monthly_outlier_fields(
            ward=ward, year=lookup["year"], month=lookup["month"], values=figures
        )
    now = timezone.now()
    existing = model.objects.filter(ward=ward, **lookup).only("pk", "status").first()
    if existing is None:
        if version not in (None, 0):
            raise StaleReportError(_stale_message())
        try:
            with transaction.atomic():
                report = model(
                    ward=ward,
                    **lookup,
                    **figures,
                    is_demo=is_demo,
                    updated_at=now,
                    updated_by=user,
                )
                # simple-history writes the first audit row on save, with this user and reason.
                report._history_user = user
                report._change_reason = change_reason[:100]
                report.save(force_insert=True)
        except IntegrityError as exc:
            # Someone else created the same report a moment ago.
            raise StaleReportError(_stale_message()) from exc
        return report
    if existing.status not in EDITABLE_STATUSES:
        raise ReportLockedError(_("Báo cáo đã gửi duyệt hoặc đã được duyệt nên không sửa được."))
    updated = model.objects.filter(
        pk=existing.pk, version=version, status__in=EDITABLE_STATUSES
    ).update(**figures, version=F("version") + 1, updated_at=now, updated_by=user)
    if not updated:
        current = model.objects.only("status").get(pk=existing.pk)
        if current.status not in EDITABLE_STATUSES:
            raise ReportLockedError(
                _("Báo cáo vừa được gửi duyệt hoặc duyệt nên không sửa được nữa.")
            )
        raise StaleReportError(_stale_message())
    report = model.objects.select_related("ward").get(pk=existing.pk)
    _record_history(report, user=user, reason=change_reason)
    return report


def _with_carried_over(*, ward: Ward, year: int, month: int, values: dict) -> dict:
    """Fill a carried-over figure the caller left out (an Excel file or API client from before
    the figure existed): the stored one when the report exists, else the previous month's
    closing (0 when there is none)."""
    absent = [c.field for c in CARRY_OVERS if values.get(c.field) is None]
    if not absent:
        return values
    defaults = carried_over_defaults(ward=ward, year=year, month=month)
    return {**values, **{name: defaults[name] for name in absent}}


@transaction.atomic
def monthly_report_save(
    *,
    user: User,
    ward: Ward,
    year: int,
    month: int,
    values: dict,
    version: int | None,
    today: datetime.date | None = None,
    change_reason: str = "Nhập số liệu",
) -> MonthlyReport:
    """Create or update a ward's monthly figures; refuse a stale version, a lock or bad values."""
    _check_period(ward, year, month, today or timezone.localdate())
    return _save_figures(
        MonthlyReport,
        user=user,
        ward=ward,
        lookup={"year": year, "month": month},
        values=_with_carried_over(ward=ward, year=year, month=month, values=values),
        version=version,
        change_reason=change_reason,
    )


@transaction.atomic
def yearly_report_save(
    *,
    user: User,
    ward: Ward,
    year: int,
    values: dict,
    version: int | None,
    today: datetime.date | None = None,
    change_reason: str = "Nhập số liệu",
) -> YearlyReport:
    """Create or update a ward's yearly civility figures, like monthly_report_save."""
    _check_period(ward, year, None, today or timezone.localdate())
    return _save_figures(
        YearlyReport,
        user=user,
        ward=ward,
        lookup={"year": year},
        values=values,
        version=version,
        change_reason=change_reason,
    )


def _require_submitter(user: User, target: Ward | Report) -> None:
    """Refuse unless the access policy lets the user send this ward's reports for review (its
    chief); the report's state is checked by the transition itself."""
    if not allows(user, Action.SUBMIT, target, any_state=True):
        raise ReportPermissionError(_("Chỉ Trưởng Công an phường mới được gửi duyệt báo cáo."))


@transaction.atomic
def monthly_report_save_and_submit(
    *,
    user: User,
    ward: Ward,
    year: int,
    month: int,
    values: dict,
    version: int | None,
    today: datetime.date | None = None,
) -> MonthlyReport:
    """Save the figures and send the report for review in one transaction: invalid figures, a
    stale version or a refused submission leave nothing saved and nothing submitted."""
    today = today or timezone.localdate()
    _require_submitter(user, ward)
    report = monthly_report_save(
        user=user,
        ward=ward,
        year=year,
        month=month,
        values=values,
        version=version,
        today=today,
        change_reason="Lưu và gửi duyệt",
    )
    return report_submit(user=user, report=report, version=report.version, today=today)


@transaction.atomic
def yearly_report_save_and_submit(
    *,
    user: User,
    ward: Ward,
    year: int,
    values: dict,
    version: int | None,
    today: datetime.date | None = None,
) -> YearlyReport:
    """Save the yearly figures and send them for review in one transaction."""
    today = today or timezone.localdate()
    _require_submitter(user, ward)
    report = yearly_report_save(
        user=user,
        ward=ward,
        year=year,
        values=values,
        version=version,
        today=today,
        change_reason="Lưu và gửi duyệt",
    )
    return report_submit(user=user, report=report, version=report.version, today=today)


def _transition(
    report: Report,
    *,
    user: User,
    action: str,
    from_statuses: Iterable[str],
    to_status: str,
    reason: str = "",
    version: int | None = None,
    changes: dict | None = None,
) -> Report:
    """Move a report to another status if it is still in one of from_statuses; audit it."""
    model = type(report)
    queryset = model.objects.filter(pk=report.pk, status__in=list(from_statuses))
    if version is not None:
        queryset = queryset.filter(version=version)
    updated = queryset.update(status=to_status, version=F("version") + 1, **(changes or {}))
    if not updated:
        current = model.objects.only("status", "version").get(pk=report.pk)
        if current.status in from_statuses:
            raise StaleReportError(_stale_message())
        raise ReportLockedError(
            _("Không thực hiện được: báo cáo đang ở trạng thái “%(status)s”.")
            % {"status": current.get_status_display()}
        )
    previous = report.status
    if model is MonthlyReport and ReportStatus.APPROVED in (to_status, *from_statuses):
        month_totals_refresh(year=report.year, month=report.month)
    fresh = model.objects.select_related("ward").get(pk=report.pk)
    link = {"monthly_report": fresh} if model is MonthlyReport else {"yearly_report": fresh}
    ReportTransition.objects.create(
        **link,
        action=action,
        from_status=previous,
        to_status=to_status,
        actor=user,
        reason=reason,
    )
    label = TransitionAction(action).label
    _record_history(fresh, user=user, reason=f"{label}: {reason}" if reason else str(label))
    return fresh


def _require_reason(reason: str) -> str:
    """Return the stripped reason or refuse an empty one."""
    reason = (reason or "").strip()
    if not reason:
        raise ReportValidationError({"reason": [_("Phải nêu lý do.")]})
    if len(reason) > REASON_MAX_LENGTH:
        raise ReportValidationError(
            {"reason": [_("Lý do dài quá: tối đa %(limit)s ký tự.") % {"limit": REASON_MAX_LENGTH}]}
        )
    return reason


def period_has_ended(*, year: int, month: int | None, today: datetime.date) -> bool:
    """Return whether a month's (or, month None, a year's) report may be sent for review: its
    last day (for a year, 1 December) has come."""
    if month is not None:
        last = calendar.monthrange(year, month)[1]
        return today >= datetime.date(year, month, last)
    return today >= datetime.date(year, 12, 1)


def _month_has_ended(report: Report, today: datetime.date) -> bool:
    """Return whether the report's period is over (its last day has come)."""
    return period_has_ended(year=report.year, month=getattr(report, "month", None), today=today)


@transaction.atomic
def report_submit(
    *,
    user: User,
    report: Report,
    version: int | None = None,
    today: datetime.date | None = None,
) -> Report:
    """Send a draft or returned report for review; only the ward's chief may. The reminders and
    return notices about the report are then done, so they are marked read."""
    _require_submitter(user, report)
    if not _month_has_ended(report, today or timezone.localdate()):
        raise ReportError(_("Kỳ báo cáo chưa kết thúc nên chưa gửi duyệt được."))
    now = timezone.now()
    fresh = _transition(
        report,
        user=user,
        action=TransitionAction.SUBMIT,
        from_statuses=EDITABLE_STATUSES,
        to_status=ReportStatus.SUBMITTED,
        version=version,
        changes={
            "submitted_at": now,
            "first_submitted_at": Coalesce(F("first_submitted_at"), now),
            "submitted_by": user,
        },
    )
    notifications_mark_read_for_report(report=fresh, kinds=SUBMISSION_DONE_KINDS)
    return fresh


@transaction.atomic
def report_withdraw(*, user: User, report: Report, version: int | None = None) -> Report:
    """Take a submitted report back to draft so the ward can correct it, as long as the
    reviewer has not approved or returned it; only the ward's chief may."""
    if not allows(user, Action.WITHDRAW, report, any_state=True):
        raise ReportPermissionError(_("Chỉ Trưởng Công an phường mới được rút lại báo cáo."))
    return _transition(
        report,
        user=user,
        action=TransitionAction.WITHDRAW,
        from_statuses=[ReportStatus.SUBMITTED],
        to_status=ReportStatus.DRAFT,
        version=version,
        changes={"submitted_at": None},
    )


def _require_reviewer(user: User, report: Report | None, action: Action) -> None:
    if not allows(user, action, report, any_state=True):
        raise ReportPermissionError(_("Chỉ cán bộ Công an tỉnh mới được duyệt báo cáo."))


@transaction.atomic
def report_approve(*, user: User, report: Report, version: int | None = None) -> Report:
    """Approve a submitted report, which locks it, and tell the ward's officers and chief;
    reviewers only."""
    _require_reviewer(user, report, Action.REVIEW)
    fresh = _transition(
        report,
        user=user,
        action=TransitionAction.APPROVE,
        from_statuses=[ReportStatus.SUBMITTED],
        to_status=ReportStatus.APPROVED,
        version=version,
        changes={"approved_at": timezone.now(), "reviewed_by": user},
    )
    _notify_ward_staff(
        fresh,
        kind=NotificationKind.APPROVED,
        text=_("Báo cáo %(period)s đã được duyệt.") % {"period": report_period(fresh)},
    )
    return fresh


def _notify_ward_staff(report: Report, *, kind: str, text: str) -> list[Notification]:
    """Notify the report's ward chief and officers (in the app, and by e-mail if configured)."""
    recipients = User.objects.filter(ward_id=report.ward_id, role__in=WARD_ROLES, is_active=True)
    return notifications_create(
        recipients=list(recipients), kind=kind, text=text, link=report_url(report)
    )


@transaction.atomic
def report_return(*, user: User, report: Report, reason: str, version: int | None = None) -> Report:
    """Return a submitted report to the ward with a required reason and tell its staff."""
    _require_reviewer(user, report, Action.REVIEW)
    reason = _require_reason(reason)
    fresh = _transition(
        report,
        user=user,
        action=TransitionAction.RETURN,
        from_statuses=[ReportStatus.SUBMITTED],
        to_status=ReportStatus.RETURNED,
        reason=reason,
        version=version,
        changes={"return_reason": reason, "reviewed_by": user},
    )
    _notify_ward_staff(
        fresh,
        kind=NotificationKind.RETURNED,
        text=_("Báo cáo %(period)s bị trả lại: %(reason)s")
        % {"period": report_period(fresh), "reason": reason},
    )
    return fresh


@transaction.atomic
def report_reopen(*, user: User, report: Report, reason: str, version: int | None = None) -> Report:
    """Reopen an approved report for correction with a required reason; reviewers only."""
    _require_reviewer(user, report, Action.REOPEN)
    reason = _require_reason(reason)
    fresh = _transition(
        report,
        user=user,
        action=TransitionAction.REOPEN,
        from_statuses=[ReportStatus.APPROVED],
        to_status=ReportStatus.RETURNED,
        reason=reason,
        version=version,
        changes={"return_reason": reason, "reviewed_by": user, "approved_at": None},
    )
    _notify_ward_staff(
        fresh,
        kind=NotificationKind.REOPENED,
        text=_("Báo cáo %(period)s được mở lại để sửa: %(reason)s")
        % {"period": report_period(fresh), "reason": reason},
    )
    return fresh


@transaction.atomic
def reports_bulk_approve(
    *, user: User, monthly_ids: Iterable[int] = (), yearly_ids: Iterable[int] = ()
) -> dict[str, int]:
    """Approve every selected report that is still submitted; return approved/skipped counts."""
    _require_reviewer(user, None, Action.MANAGE_PROGRAMME)
    counts = {"approved": 0, "skipped": 0}
    for model, ids in ((MonthlyReport, monthly_ids), (YearlyReport, yearly_ids)):
        ids = list(ids)
        reports = model.objects.filter(pk__in=ids).select_related("ward")
        for report in reports:
            if report.status != ReportStatus.SUBMITTED:
                counts["skipped"] += 1
                continue
            try:
                report_approve(user=user, report=report)
            except ReportError:
                counts["skipped"] += 1
            else:
                counts["approved"] += 1
        counts["skipped"] += len(set(ids)) - len(reports)
    return counts


def notifications_create(
    *, recipients: list[User], kind: str, text: str, link: str = "", dedupe_key: str = ""
) -> list[Notification]:
    """Create one notification per recipient (skipping a dedupe_key already sent to them);
    e-mail the new ones after commit when an e-mail server is configured."""
    if dedupe_key:
        already = set(
            Notification.objects.filter(
                recipient__in=recipients, dedupe_key=dedupe_key
            ).values_list("recipient_id", flat=True)
        )
        recipients = [user for user in recipients if user.pk not in already]
    rows = [
        Notification(recipient=user, kind=kind, text=text[:500], link=link, dedupe_key=dedupe_key)
        for user in recipients
    ]
    if not rows:
        return []
    if dedupe_key:
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        created = list(Notification.objects.filter(recipient__in=recipients, dedupe_key=dedupe_key))
    else:
        created = Notification.objects.bulk_create(rows)
    ids = [row.pk for row in created]
    if settings.EMAIL_HOST and ids:
        from reports.tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.delay(ids))
    return created


def notification_emails_send(*, notification_ids: list[int]) -> int:
    """E-mail the notifications to recipients who have an address; return how many were sent."""
    if not settings.EMAIL_HOST:
        return 0
    sent = 0
    queryset = Notification.objects.filter(pk__in=notification_ids).select_related("recipient")
    for notification in queryset:
        if not notification.recipient.email:
            continue
        link = f"{settings.SITE_URL}{notification.link}" if notification.link else ""
        sent += send_mail(
            subject=str(notification.get_kind_display()),
            message=f"{notification.text}\n\n{link}".strip(),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.recipient.email],
        )
    return sent


@transaction.atomic
def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or the given ids) read; return how many changed."""
    queryset = Notification.objects.filter(recipient=user, is_read=False)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset.update(is_read=True)


# Notices that a report's own page settles: reading them there is reading them.
PAGE_SETTLED_KINDS = (
    NotificationKind.RETURNED,
    NotificationKind.REOPENED,
    NotificationKind.APPROVED,
)
# Notices that are done once the report is sent for review, for every recipient.
SUBMISSION_DONE_KINDS = (
    NotificationKind.RETURNED,
    NotificationKind.REOPENED,
    NotificationKind.REMINDER_DUE,
    NotificationKind.REMINDER_LATE,
)


def notifications_mark_read_for_report(
    *, report: Report, user: User | None = None, kinds: Iterable[str] = PAGE_SETTLED_KINDS
) -> int:
    """Mark read the unread notifications of these kinds that link to the report (only the
    user's when given); return how many changed (one query)."""
    queryset = Notification.objects.filter(
        link=report_url(report), kind__in=list(kinds), is_read=False
    )
    if user is not None:
        queryset = queryset.filter(recipient=user)
    return queryset.update(is_read=True)


@transaction.atomic
def report_reminders_send(*, today: datetime.date) -> dict[str, int]:
    """Remind the staff of wards whose last-month report is not sent: from a few days before
    the due day ("due"), then once after it ("late"). Never the same reminder twice."""
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    deadline = report_due_date(year, month)
    if today < deadline - datetime.timedelta(days=REMINDER_DAYS_BEFORE):
        return {"reminders": 0}
    late = today > deadline
    kind = NotificationKind.REMINDER_LATE if late else NotificationKind.REMINDER_DUE
    sent = {
        ward_id
        for ward_id in MonthlyReport.objects.filter(
            year=year,
            month=month,
            status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED],
        ).values_list("ward_id", flat=True)
    }
    wards = [
        ward
        for ward in Ward.objects.filter(in_programme=True).exclude(pk__in=sent)
        if ward.is_valid_in_month(year, month)
    ]
    staff: dict[int, list[User]] = {}
    for user in User.objects.filter(ward__in=wards, role__in=WARD_ROLES, is_active=True):
        staff.setdefault(user.ward_id, []).append(user)
    total = 0
    for ward in wards:
        params = {"month": month, "year": year, "day": deadline.strftime("%d/%m/%Y")}
        if late:
            text = _("Báo cáo tháng %(month)02d/%(year)s đã quá hạn (hạn %(day)s).") % params
        else:
            text = _("Báo cáo tháng %(month)02d/%(year)s đến hạn gửi ngày %(day)s.") % params
        total += len(
            notifications_create(
                recipients=staff.get(ward.pk, []),
                kind=kind,
                text=text,
                link=reverse("reports:monthly", args=[ward.code, year, month]),
                dedupe_key=f"{kind}:{ward.pk}:{year}-{month:02d}",
            )
        )
    return {"reminders": total}


@transaction.atomic
def baseline_save(*, ward: Ward, year: int, values: dict, user: User) -> BaselineTotals:
    """Create or change a ward's yearly baseline totals (reviewers and administrators only).

    Used for years before monthly entry and for former communes merged into a ward, whose
    figures the year-on-year criteria need; the audit history records who changed what.
    """
    if not allows(user, Action.MANAGE_PROGRAMME):
        raise ReportPermissionError(_("Chỉ Công an tỉnh được nhập số liệu năm gốc."))
    if not BASELINE_FIRST_YEAR <= year <= BASELINE_LAST_YEAR:
        raise ReportError(_("Năm không hợp lệ."))
    baseline = BaselineTotals.objects.select_for_update().filter(ward=ward, year=year).first()
    if baseline is None:
        baseline = BaselineTotals(ward=ward, year=year, source=BaselineSource.ENTERED)
    for name, value in values.items():
        setattr(baseline, name, value)
    baseline._change_reason = "Nhập số liệu năm gốc"
    baseline.full_clean()
    baseline.save()
    return baseline
