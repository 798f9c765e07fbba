"""Wards (with validity periods and lineage) and users with a role and, for ward roles, a ward."""

from __future__ import annotations

import datetime
import functools

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.dates import date_in_range, validate_date_in_range
from wards.collation import sort_key

UNDECIDED_LABEL = _("chưa xác định")
# The longest reason a user may give for a change of a ward or of its lineage (history).
CHANGE_REASON_MAX_LENGTH = 500
TARGET_YEAR_REQUIRED = _("Năm mục tiêu không được để trống: nhập năm hoặc chọn “chưa xác định”.")
TARGET_YEAR_AND_UNDECIDED = _(
    "Đã nhập năm mục tiêu thì không chọn “chưa xác định” (chọn một trong hai)."
)


def audit_history(*, excluded_fields: tuple[str, ...] = ()) -> HistoricalRecords:
    """Return the change history of a ward table: who (the signed-in user), when, and why (a
    change reason as long as the user writes it)."""
    return HistoricalRecords(
        excluded_fields=list(excluded_fields),
        history_change_reason_field=models.TextField(null=True),
    )


class WardKind(models.TextChoices):
    WARD = "ward", _("Phường")
    COMMUNE = "commune", _("Xã")
    TOWNSHIP = "township", _("Thị trấn")


def display_words() -> dict:
    """Return the words of a ward's display name in the active language (translated once per
    language: a page names hundreds of wards; do not change the dict returned)."""
    return _display_words(get_language())


@functools.lru_cache(maxsize=32)
def _display_words(language: str | None) -> dict:
    """Return display_words() for the language, which is the active one when called."""
    return {
        "kinds": {value: str(label) for value, label in WardKind.choices},
        "until": str(_("%(kind)s %(name)s (đến %(day)s)")),
        "since": str(_("%(kind)s %(name)s (từ %(day)s)")),
        "open": str(_("%(kind)s %(name)s")),
    }


class Ward(models.Model):
    """A ward (or a former commune that a ward absorbed), in force from valid_from to valid_to."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    sort_name = models.CharField(max_length=200, editable=False, db_index=True, default="")
    kind = models.CharField(_("loại"), max_length=10, choices=WardKind, default=WardKind.WARD)
    city = models.CharField(_("thành phố/tỉnh"), max_length=100, default="Lạng Sơn")
    statistics_code = models.CharField(
        _("mã thống kê"),
        max_length=10,
        blank=True,
        help_text=_("Mã đơn vị hành chính; không phải khóa ổn định (có thể được dùng lại)."),
    )
    valid_from = models.DateField(
        _("hiệu lực từ"), null=True, blank=True, validators=[validate_date_in_range]
    )
    valid_to = models.DateField(
        _("hiệu lực đến"), null=True, blank=True, validators=[validate_date_in_range]
    )
    in_programme = models.BooleanField(
        _("thuộc Đề án"),
        default=True,
        help_text=_("Phường được theo dõi và báo cáo số liệu trong Đề án."),
    )
    target_year = models.PositiveSmallIntegerField(
        _("năm phấn đấu đạt kiểu mẫu"), null=True, blank=True
    )
    target_year_undecided = models.BooleanField(
        _("năm mục tiêu chưa xác định"),
        default=True,
        help_text=_(
            "Chọn khi chưa quyết định năm phấn đấu; bỏ trống năm mà không chọn ô này thì không "
            "được lưu."
        ),
    )
    predecessors = models.ManyToManyField(
        "self",
        through="WardLineage",
        through_fields=("successor", "predecessor"),
        symmetrical=False,
        related_name="successors",
        blank=True,
        verbose_name=_("đơn vị tiền thân"),
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    history = audit_history(excluded_fields=("sort_name",))

    class Meta:
        verbose_name = _("phường")
        verbose_name_plural = _("phường")
        ordering = ["sort_name", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="ward_valid_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(target_year__isnull=True)
                | Q(target_year__gte=2023, target_year__lte=2100),
                name="ward_target_year_range",
            ),
            # A ward has either a target year or the explicit "chưa xác định", never neither.
            models.CheckConstraint(
                condition=Q(target_year__isnull=False, target_year_undecided=False)
                | Q(target_year__isnull=True, target_year_undecided=True),
                name="ward_target_year_or_undecided",
            ),
            date_in_range("valid_from", name="ward_valid_from_range"),
            date_in_range("valid_to", name="ward_valid_to_range"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        """Save, keeping sort_name (Vietnamese alphabetical order) in step with the name, and
        the "chưa xác định" flag off once a target year is set (a year is a decision)."""
        self.sort_name = sort_key(self.name)
        if self.target_year is not None:
            self.target_year_undecided = False
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            derived = {"name": "sort_name", "target_year": "target_year_undecided"}
            kwargs["update_fields"] = {
                *update_fields,
                *(derived[name] for name in update_fields if name in derived),
            }
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """Refuse a target year cleared without the explicit "chưa xác định"."""
        super().clean()
        if self.target_year is None and not self.target_year_undecided:
            raise ValidationError({"target_year": TARGET_YEAR_REQUIRED}, code="target_required")

    @property
    def target_year_display(self) -> str:
        """Return the target year, or "chưa xác định"."""
        return str(self.target_year) if self.target_year is not None else str(UNDECIDED_LABEL)

    @property
    def display_name(self) -> str:
        """Return the name with its kind, and its validity when it is not open-ended."""
        return self.name_in(display_words())

    def name_in(self, words: dict) -> str:
        """Return display_name with the translated words of display_words() (one lookup each:
        thousands of wards are named at once on the province dashboard)."""
        values = {"kind": words["kinds"].get(self.kind, self.kind), "name": self.name}
        if self.valid_to:
            values["day"] = self.valid_to.strftime("%d/%m/%Y")
            return words["until"] % values
        if self.valid_from and self.valid_from.year > 2023:
            values["day"] = self.valid_from.strftime("%d/%m/%Y")
            return words["since"] % values
        return words["open"] % values

    def is_valid_on(self, day: datetime.date) -> bool:
        """Return whether the ward stands on the given day."""
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day > self.valid_to)

    def is_valid_in_month(self, year: int, month: int) -> bool:
        """Return whether the ward stands on any day of the month."""
        first = datetime.date(year, month, 1)
        last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        if self.valid_from and last < self.valid_from:
            return False
        return not (self.valid_to and first > self.valid_to)

    def is_valid_in_year(self, year: int) -> bool:
        """Return whether the ward stands on any day of the year."""
        if self.valid_from and self.valid_from.year > year:
            return False
        return not (self.valid_to and self.valid_to.year < year)


class WardLineage(models.Model):
    """A link from a ward to one of its predecessors (merge, rename or split)."""

    successor = models.ForeignKey(
        Ward,
        on_delete=models.CASCADE,
        related_name="predecessor_links",
        verbose_name=_("đơn vị mới"),
    )
    predecessor = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="successor_links", verbose_name=_("đơn vị cũ")
    )
    effective_date = models.DateField(_("ngày hiệu lực"), validators=[validate_date_in_range])
    legal_basis = models.CharField(_("căn cứ"), max_length=200, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    holds_headquarters = models.BooleanField(
        _("đặt trụ sở tại địa chỉ trụ sở cũ"),
        default=False,
        help_text=_(
            "Chọn khi đơn vị mới giữ địa chỉ trụ sở của đơn vị cũ. Khi đơn vị cũ được chia cho "
            "nhiều đơn vị mới, hồ sơ của đơn vị cũ mặc định chuyển sang đơn vị được chọn ở đây."
        ),
    )
    history = audit_history()

    class Meta:
        verbose_name = _("quan hệ kế thừa")
        verbose_name_plural = _("quan hệ kế thừa")
        constraints = [
            models.UniqueConstraint(
                fields=["successor", "predecessor"], name="ward_lineage_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(successor=models.F("predecessor")), name="ward_lineage_not_self"
            ),
            date_in_range("effective_date", name="ward_lineage_effective_date_range"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class WardSuccession(models.Model):
    """One kind of records (officers, equipment, headquarters, projects) passed from a dissolved
    ward to its successor: who ran it, when and why (at most once per ward and kind)."""

    predecessor = models.ForeignKey(
        Ward,
        on_delete=models.PROTECT,
        related_name="handed_over",
        verbose_name=_("đơn vị cũ"),
    )
    successor = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="taken_over", verbose_name=_("đơn vị mới")
    )
    kind = models.CharField(_("loại hồ sơ"), max_length=30)
    effective_date = models.DateField(_("ngày hiệu lực"), validators=[validate_date_in_range])
    performed_by = models.ForeignKey(
        "wards.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    performed_at = models.DateTimeField(_("thời điểm thực hiện"), auto_now_add=True)
    reason = models.TextField(_("lý do"), max_length=CHANGE_REASON_MAX_LENGTH)

    class Meta:
        verbose_name = _("lần chuyển hồ sơ sang phường kế thừa")
        verbose_name_plural = _("chuyển hồ sơ sang phường kế thừa")
        ordering = ["-performed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "kind"], name="ward_succession_once_per_kind"
            ),
            models.CheckConstraint(
                condition=~Q(successor=models.F("predecessor")), name="ward_succession_not_self"
            ),
            date_in_range("effective_date", name="ward_succession_effective_date_range"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.kind})"


class SuccessionTransfer(models.Model):
    """One record that passed to the successor in a succession (what it was, and any note)."""

    succession = models.ForeignKey(
        WardSuccession,
        on_delete=models.CASCADE,
        related_name="transfers",
        verbose_name=_("lần chuyển"),
    )
    model = models.CharField(_("bảng dữ liệu"), max_length=100)
    object_id = models.BigIntegerField(_("mã bản ghi"))
    new_object_id = models.BigIntegerField(_("mã bản ghi mới"), null=True, blank=True)
    label = models.CharField(_("bản ghi"), max_length=300)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("bản ghi đã chuyển")
        verbose_name_plural = _("bản ghi đã chuyển")
        ordering = ["succession_id", "model", "pk"]
        indexes = [models.Index(fields=["model", "object_id"], name="succession_transfer_object")]

    def __str__(self) -> str:
        return self.label

    @property
    def passed_on_text(self) -> str:
        """Return "Đã chuyển sang phường X từ dd/mm/yyyy" (needs the run and its successor)."""
        successor = self.succession.successor
        return _("Đã chuyển sang %(kind)s %(name)s từ %(day)s") % {
            "kind": str(successor.get_kind_display()).lower(),
            "name": successor.name,
            "day": self.succession.effective_date.strftime("%d/%m/%Y"),
        }


class Role(models.TextChoices):
    WARD_OFFICER = "ward_officer", _("Cán bộ Công an phường")
    WARD_CHIEF = "ward_chief", _("Trưởng Công an phường")
    REVIEWER = "reviewer", _("Cán bộ Công an tỉnh (PV01)")
    COMMITTEE = "committee", _("Ban Chỉ đạo thành phố")
    ADMIN = "admin", _("Quản trị hệ thống")


WARD_ROLES = frozenset({Role.WARD_OFFICER, Role.WARD_CHIEF})
PROVINCE_ROLES = frozenset({Role.REVIEWER, Role.COMMITTEE, Role.ADMIN})


class User(AbstractUser):
    """A person using the tracker: ward roles belong to exactly one ward, the others to none."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    role = models.CharField(_("vai trò"), max_length=20, choices=Role, default=Role.WARD_OFFICER)
    ward = models.ForeignKey(
        Ward,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("phường"),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=[Role.WARD_OFFICER, Role.WARD_CHIEF], ward__isnull=False)
                    | (~Q(role__in=[Role.WARD_OFFICER, Role.WARD_CHIEF]) & Q(ward__isnull=True))
                ),
                name="user_ward_matches_role",
            ),
            models.CheckConstraint(
                condition=Q(
                    role__in=[
                        Role.WARD_OFFICER,
                        Role.WARD_CHIEF,
                        Role.REVIEWER,
                        Role.COMMITTEE,
                        Role.ADMIN,
                    ]
                ),
                name="user_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_ward_role(self) -> bool:
        """Return whether the user works for one ward (officer or chief)."""
        return self.role in WARD_ROLES

    @property
    def is_province_role(self) -> bool:
        """Return whether the user sees every ward (reviewer, committee, administrator)."""
        return self.role in PROVINCE_ROLES

    @property
    def is_reviewer(self) -> bool:
        """Return whether the user reviews and approves data (reviewer or administrator)."""
        return self.role in {Role.REVIEWER, Role.ADMIN}

    @property
    def is_chief(self) -> bool:
        """Return whether the user is a ward police chief."""
        return self.role == Role.WARD_CHIEF


class ResponsibleBody(models.Model):
    """A body with a duty in the programme, valid for a period: it issues the programme's
    documents (name in the issuer block, abbreviation in "Số: 12/BC-CAT", signature block,
    recipients), steers and checks the programme, or pays a funding source. Until 30/06/2025
    UBND thành phố Lạng Sơn, its Ban Chỉ đạo and "Ngân sách thành phố"; from 01/07/2025 the
    provincial bodies an administrator sets (by default Công an tỉnh Lạng Sơn)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    superior = models.CharField(
        _("cơ quan chủ quản"),
        max_length=200,
        blank=True,
        help_text=_("Dòng trên của khối tên cơ quan, ví dụ: UBND THÀNH PHỐ LẠNG SƠN."),
    )
    name = models.CharField(
        _("tên cơ quan ban hành"),
        max_length=200,
        help_text=_("Dòng chữ in đậm, ví dụ: CÔNG AN TỈNH LẠNG SƠN."),
    )
    name_in_text = models.CharField(
        _("tên viết trong câu"),
        max_length=200,
        blank=True,
        help_text=_("Tên cơ quan viết thường trong nội dung, ví dụ: Công an tỉnh Lạng Sơn."),
    )
    abbreviation = models.CharField(
        _("chữ viết tắt"), max_length=30, help_text=_("Sau loại văn bản trong ký hiệu: BC-CAT.")
    )
    place = models.CharField(_("địa danh"), max_length=60, default="Lạng Sơn")
    valid_from = models.DateField(
        _("hiệu lực từ"), null=True, blank=True, validators=[validate_date_in_range]
    )
    valid_to = models.DateField(
        _("hiệu lực đến"), null=True, blank=True, validators=[validate_date_in_range]
    )
    issues_documents = models.BooleanField(
        _("ban hành văn bản của Đề án"),
        default=True,
        help_text=_("Văn bản ghi tên cơ quan này ở đầu văn bản và khối chữ ký."),
    )
    steers = models.BooleanField(
        _("chỉ đạo, kiểm tra Đề án"),
        default=False,
        help_text=_("Cơ quan kiểm tra tiến độ hằng tháng (Ban Chỉ đạo hoặc cơ quan thay thế)."),
    )
    authority = models.CharField(
        _("thẩm quyền ký"),
        max_length=100,
        blank=True,
        help_text=_("TM. BAN CHỈ ĐẠO, KT. GIÁM ĐỐC…"),
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    signer_name = models.CharField(_("họ tên người ký"), max_length=100, blank=True)
    recipients = models.TextField(
        _("nơi nhận mặc định"), blank=True, help_text=_("Mỗi dòng một nơi nhận.")
    )
    history = HistoricalRecords(table_name="documents_historicalissuingbody")

    class Meta:
        verbose_name = _("cơ quan có trách nhiệm")
        verbose_name_plural = _("cơ quan có trách nhiệm")
        db_table = "documents_issuingbody"
        ordering = ["valid_from", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="issuing_body_period_ordered",
            ),
            date_in_range("valid_from", name="responsible_body_valid_from_range"),
            date_in_range("valid_to", name="responsible_body_valid_to_range"),
        ]

    def __str__(self) -> str:
        return f"{self.name_in_text or self.name} ({self.period_text})"

    @property
    def period_text(self) -> str:
        start = self.valid_from.strftime("%d/%m/%Y") if self.valid_from else "…"
        end = self.valid_to.strftime("%d/%m/%Y") if self.valid_to else "…"
        return f"{start} – {end}"

    @property
    def text_name(self) -> str:
        """Return the name as written in a sentence: 'Công an tỉnh Lạng Sơn'."""
        return self.name_in_text or self.name[:1] + self.name[1:].lower()

    def is_valid_on(self, day: datetime.date) -> bool:
        """Return whether the body exists (may issue, steer or pay) on this day."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )
