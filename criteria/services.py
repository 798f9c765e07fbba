"""Writes for the criteria: scoring, scoring jobs, manual decisions, evidence, new set versions."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import logging
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone

from config.errors import AppError
from config.jobs import jobs_mark_failed
from criteria.evidence import check_upload
from criteria.facts import WardYearFacts
from criteria.models import (
    CriteriaSet,
    Criterion,
    CriterionKind,
    CriterionResult,
    Decision,
    EvidenceFile,
    JobState,
    ManualDecision,
    Result,
    Scorecard,
    ScoringJob,
)
from criteria.periods import (
    ScoringPeriod,
    YearNotScorableError,
    future_year_message,
    is_future_year,
    scoring_period,
)
from criteria.rules import (
    BREACH_DESPITE_MISSING,
    NOT_ASSESSABLE,
    NOT_MET,
    Outcome,
    combine,
    evaluate,
    manual_outcome,
    sentence,
)
from criteria.selectors import criteria_set_for_year, ward_year_facts, wards_year_facts
from wards.access import Action, allows
from wards.models import User, Ward
from wards.selectors import wards_in_year

logger = logging.getLogger(__name__)
SCORING_BATCH = 250  # wards scored per transaction by scorecards_compute


class NoCriteriaSetError(AppError):
    """No criteria set is in force for the year asked."""


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value)!r}")


# What json.dumps(data, default=_json_default, sort_keys=True[, ensure_ascii=False]) makes,
# without building an encoder on every call.
_ENCODER = json.JSONEncoder(default=_json_default, sort_keys=True)
_CANONICAL = json.JSONEncoder(default=_json_default, sort_keys=True, ensure_ascii=False)


def _jsonable(data: Any) -> Any:
    """Return the data as it reads back from its JSON: json.loads(json.dumps(data,
    default=_json_default, sort_keys=True)), the plain cases converted directly."""
    kind = type(data)
    if kind is str or kind is int or kind is bool or kind is float or data is None:
        return data
    if kind is dict and all(type(key) is str for key in data):
        return {key: _jsonable(data[key]) for key in sorted(data)}
    if kind is list or kind is tuple:
        return [_jsonable(item) for item in data]
    if kind is Decimal:
        return str(data)
    return json.loads(_ENCODER.encode(data))


def fingerprint(data: Any) -> str:
    """Return a SHA-256 of the data's canonical JSON."""
    return hashlib.sha256(_CANONICAL.encode(data).encode()).hexdigest()


def _print_parts(criterion: Criterion) -> tuple[str, str]:
    """Return the canonical JSON of {"criterion", "inputs", "thresholds"} before and after the
    inputs: a result's fingerprint is that of this dict."""
    return (
        f'{{"criterion": {_CANONICAL.encode(criterion.pk)}, "inputs": ',
        f', "thresholds": {_CANONICAL.encode(criterion.thresholds)}}}',
    )


def criterion_outcome(
    criterion: Criterion, facts: WardYearFacts, decision: ManualDecision | None
) -> Outcome:
    """Return a criterion's outcome: its rule, a reviewer's decision, or both for mixed ones."""
    manual = None
    if criterion.needs_decision:
        manual = manual_outcome(
            decision.decision if decision else None,
            decision.note if decision else "",
            str(decision.decided_by) if decision else "",
        )
        if criterion.kind == CriterionKind.MANUAL:
            return manual
    auto = evaluate(criterion.rule_key, criterion.thresholds, facts)
    if manual is None:
        return auto
    # A breach in either part decides (combine); the explanation names both parts, and says so
    # when the other part is still missing.
    result = combine([auto.result, manual.result])
    auto_text = auto.explanation.replace(BREACH_DESPITE_MISSING, "").strip().rstrip(".")
    text = sentence([auto_text, "phần đánh giá thủ công: " + manual.explanation.rstrip(".")])
    if result == NOT_MET and (
        NOT_ASSESSABLE in (auto.result, manual.result) or BREACH_DESPITE_MISSING in auto.explanation
    ):
        text = f"{text} {BREACH_DESPITE_MISSING}"
    return Outcome(
        result,
        text,
        auto.measured,
        auto.value,
        {**auto.inputs, "decision": decision.decision if decision else None},
    )


def _data_summary(facts: WardYearFacts, criteria_set: CriteriaSet) -> dict[str, Any]:
    return {
        "criteria_set": {"id": criteria_set.pk, "version": criteria_set.version},
        "expected_months": list(facts.expected_months),
        "missing_months": list(facts.missing_months),
        "approved_monthly_reports": {str(m): v for m, v in facts.report_versions.items()},
        "approved_yearly_report_version": facts.yearly_version,
        "previous_year_sources": {
            key: list(figure.sources) for key, figure in facts.previous.items()
        },
        "staffing_recorded": facts.staffing is not None,
        "facilities_recorded": facts.facilities is not None,
        "provisional_through_month": facts.through_month,
    }


_RESULT_FIELDS = (
    "result",
    "measured_text",
    "measured_value",
    "target_text",
    "explanation",
    "inputs",
    "data_fingerprint",
)
# What tells a stored result from a new one: its fields but the inputs, which the data
# fingerprint (a SHA-256 over the criterion, its thresholds and the inputs) stands for.
_COMPARED_FIELDS = tuple(name for name in _RESULT_FIELDS if name != "inputs")
# The columns _results_insert writes, in order, and the two whose values need preparing.
_INSERTED_FIELDS = ("ward", "year", "criterion", *_RESULT_FIELDS, "computed_at")
_MEASURED_VALUE = CriterionResult._meta.get_field("measured_value")
_INPUTS = CriterionResult._meta.get_field("inputs")


def _results_insert(rows: list[tuple]) -> None:
    """Insert result rows, given as database values in _INSERTED_FIELDS order, with one INSERT
    of many rows per batch the backend allows (one query per 1,000 rows; SQLite: per 90).

    The statement bulk_create would send, without building a model instance and preparing every
    value through its field for each row, which is most of bulk_create's time on SQLite and a
    quarter of it on PostgreSQL: the other values are plain strings and numbers already, and
    _result_row prepares the inputs and the measured value the way their fields do.
    """
    if not rows:
        return
    ops = connection.ops
    meta = CriterionResult._meta
    fields = [meta.get_field(name) for name in _INSERTED_FIELDS]
    size = max(1, min(1000, ops.bulk_batch_size(fields, rows)))
    table = ops.quote_name(meta.db_table)
    columns = ", ".join(ops.quote_name(field.column) for field in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            # Names from the model, quoted by the backend; every value is a parameter.
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(batch))}"  # noqa: S608
            cursor.execute(sql, [value for row in batch for value in row])


def _result_row(ward_id: int, year: int, criterion_id: int, values: dict, stamp: Any) -> tuple:
    """Return a result's database values in _INSERTED_FIELDS order (stamp: computed_at, already
    prepared for the database)."""
    return (
        ward_id,
        year,
        criterion_id,
        values["result"],
        values["measured_text"],
        _MEASURED_VALUE.get_db_prep_save(values["measured_value"], connection),
        values["target_text"],
        values["explanation"],
        _INPUTS.get_db_prep_save(values["inputs"], connection),
        values["data_fingerprint"],
        stamp,
    )


def _save_if_changed(model, lookup: dict, values: dict, now) -> Any:
    """Create or update a row; leave it (and its computed_at) alone when nothing changed."""
    row = model.objects.filter(**lookup).first()
    if row is not None and all(getattr(row, k) == v for k, v in values.items()):
        return row
    obj, _ = model.objects.update_or_create(**lookup, defaults={**values, "computed_at": now})
    return obj


@transaction.atomic
def ward_year_score(*, ward: Ward, year: int, criteria_set: CriteriaSet | None = None) -> Scorecard:
    """Compute every criterion of the set in force for a ward's year; store results and total.

    Idempotent: rows are keyed by (ward, year, criterion) and (ward, year); unchanged results keep
    their computed_at. Results for criteria of another set (a re-score after a new version was
    published for this year) are removed. An unfinished year is scored provisionally (see
    criteria.periods); a future year raises YearNotScorableError.
    """
    period = scoring_period(year)
    criteria_set = criteria_set or criteria_set_for_year(year)
    if criteria_set is None:
        raise NoCriteriaSetError(f"Chưa có bộ tiêu chí áp dụng cho năm {year}.")
    # Lock the ward row so that two jobs scoring the same ward take turns.
    Ward.objects.select_for_update().filter(pk=ward.pk).first()
    criteria = list(criteria_set.criteria.order_by("number"))
    facts = ward_year_facts(ward=ward, year=year, through_month=period.through_month)
    decisions = {
        d.criterion_id: d
        for d in ManualDecision.objects.filter(ward=ward, year=year).select_related("decided_by")
    }
    now = timezone.now()
    counts = {Result.MET: 0, Result.NOT_MET: 0, Result.NOT_ASSESSABLE: 0}
    prints = []
    existing = {
        row.criterion_id: row for row in CriterionResult.objects.filter(ward=ward, year=year)
    }
    to_create: list[CriterionResult] = []
    to_update: list[CriterionResult] = []
    for criterion in criteria:
        values = _result_values(criterion, facts, decisions.get(criterion.pk))
        prints.append(values["data_fingerprint"])
        row = existing.get(criterion.pk)
        if row is None:
            to_create.append(
                CriterionResult(
                    ward=ward, year=year, criterion=criterion, computed_at=now, **values
                )
            )
        elif any(getattr(row, k) != v for k, v in values.items()):
            for key, new_value in values.items():
                setattr(row, key, new_value)
            row.computed_at = now
            to_update.append(row)
        counts[values["result"]] += 1
    # Two statements per ward whatever the number of criteria; unchanged rows keep computed_at.
    CriterionResult.objects.bulk_create(to_create)
    CriterionResult.objects.bulk_update(to_update, [*_RESULT_FIELDS, "computed_at"])
    CriterionResult.objects.filter(ward=ward, year=year).exclude(
        criterion__criteria_set=criteria_set
    ).delete()
    return _save_if_changed(
        Scorecard,
        {"ward": ward, "year": year},
        _scorecard_values(facts, criteria_set, counts, prints, len(criteria)),
        now,
    )


_VALUE_PLACES = Decimal("0.0001")


def _result_values(
    criterion: Criterion,
    facts: WardYearFacts,
    decision: ManualDecision | None,
    print_parts: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """Return the stored fields of a criterion's result for a ward's facts (no queries).

    The fingerprint is that of {"criterion": pk, "inputs": ..., "thresholds": ...}; print_parts
    (the criterion's _print_parts, given when scoring many wards) saves encoding it all again.
    """
    outcome = criterion_outcome(criterion, facts, decision)
    inputs = _jsonable(outcome.inputs)
    before, after = print_parts or _print_parts(criterion)
    print_ = hashlib.sha256((before + _CANONICAL.encode(inputs) + after).encode()).hexdigest()
    value = outcome.value.quantize(_VALUE_PLACES) if outcome.value is not None else None
    return {
        "result": outcome.result,
        "measured_text": outcome.measured[:300],
        "measured_value": value,
        "target_text": criterion.target_text,
        "explanation": outcome.explanation,
        "inputs": inputs,
        "data_fingerprint": print_,
    }


def _scorecard_values(
    facts: WardYearFacts,
    criteria_set: CriteriaSet,
    counts: dict[str, int],
    prints: list[str],
    in_force: int,
) -> dict[str, Any]:
    """Return the stored fields of a ward's scorecard (no queries)."""
    provisional = facts.through_month is not None
    return {
        "criteria_set": criteria_set,
        "met_count": counts[Result.MET],
        "not_met_count": counts[Result.NOT_MET],
        "not_assessable_count": counts[Result.NOT_ASSESSABLE],
        "in_force_count": in_force,
        # A provisional scorecard never declares a model ward: the year is not over.
        "is_model_ward": not provisional and in_force > 0 and counts[Result.MET] == in_force,
        "provisional_month": facts.through_month,
        "data_summary": _jsonable(_data_summary(facts, criteria_set)),
        "data_fingerprint": fingerprint(prints),
    }


_SCORECARD_FIELDS = (
    "criteria_set",
    "met_count",
    "not_met_count",
    "not_assessable_count",
    "in_force_count",
    "is_model_ward",
    "provisional_month",
    "data_summary",
    "data_fingerprint",
)


@transaction.atomic
def wards_year_score(
    *,
    wards: list[Ward],
    year: int,
    criteria_set: CriteriaSet,
    criteria: list[Criterion],
    period: ScoringPeriod | None = None,
) -> list[Scorecard]:
    """Score several wards' year as ward_year_score does each, with the same stored rows, in a
    fixed number of queries: their facts read together, results written in bulk, rows that
    did not change left alone."""
    period = period or scoring_period(year)
    ids = [ward.pk for ward in wards]
    if connection.features.has_select_for_update:
        # Lock the ward rows (in id order) so that two jobs scoring the same wards take turns
        # (SQLite has no row locks: its write transaction already serialises them).
        list(Ward.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    facts_by_ward = wards_year_facts(wards=wards, year=year, through_month=period.through_month)
    decisions = {}
    if any(criterion.needs_decision for criterion in criteria):
        decisions = {
            (d.ward_id, d.criterion_id): d
            for d in ManualDecision.objects.filter(ward_id__in=ids, year=year)
            .order_by()
            .prefetch_related("decided_by")  # no second query when there is no decision
        }
    # The stored rows as plain values (id first), cheaper than model instances, to tell which
    # changed; their inputs are not read back: the fingerprint covers them. Rows of criteria
    # outside the set are deleted below.
    in_set = {criterion.pk for criterion in criteria}
    existing: dict[tuple[int, int], tuple] = {}
    stale: list[int] = []
    for row in (
        CriterionResult.objects.filter(ward_id__in=ids, year=year)
        .order_by()
        .values_list("pk", "ward_id", "criterion_id", *_COMPARED_FIELDS)
    ):
        if row[2] in in_set:
            existing[row[1], row[2]] = row
        else:
            stale.append(row[0])
    cards = {
        card.ward_id: card
        for card in Scorecard.objects.filter(ward_id__in=ids, year=year).order_by()
    }
    plan = [(criterion, criterion.pk, _print_parts(criterion)) for criterion in criteria]
    now = timezone.now()
    stamp = CriterionResult._meta.get_field("computed_at").get_db_prep_save(now, connection)
    to_create: list[tuple] = []
    to_update: list[CriterionResult] = []
    cards_to_create: list[Scorecard] = []
    cards_to_update: list[Scorecard] = []
    scorecards: list[Scorecard] = []
    for ward in wards:
        ward_id = ward.pk
        facts = facts_by_ward[ward_id]
        counts = {Result.MET: 0, Result.NOT_MET: 0, Result.NOT_ASSESSABLE: 0}
        prints = []
        for criterion, criterion_id, print_parts in plan:
            key = (ward_id, criterion_id)
            values = _result_values(criterion, facts, decisions.get(key), print_parts)
            prints.append(values["data_fingerprint"])
            counts[values["result"]] += 1
            row = existing.get(key)
            if row is None:
                to_create.append(_result_row(ward_id, year, criterion_id, values, stamp))
            elif row[3:] != tuple(values[name] for name in _COMPARED_FIELDS):
                to_update.append(
                    CriterionResult(
                        pk=row[0],
                        ward_id=ward_id,
                        year=year,
                        criterion_id=criterion_id,
                        computed_at=now,
                        **values,
                    )
                )
        values = _scorecard_values(facts, criteria_set, counts, prints, len(criteria))
        card = cards.get(ward.pk)
        if card is None:
            card = Scorecard(ward=ward, year=year, computed_at=now, **values)
            cards_to_create.append(card)
        elif card.criteria_set_id != criteria_set.pk or any(
            getattr(card, k) != v for k, v in values.items() if k != "criteria_set"
        ):
            for key, new_value in values.items():
                setattr(card, key, new_value)
            card.computed_at = now
            cards_to_update.append(card)
        scorecards.append(card)
    _results_insert(to_create)
    CriterionResult.objects.bulk_update(to_update, [*_RESULT_FIELDS, "computed_at"], batch_size=500)
    if stale:
        CriterionResult.objects.filter(pk__in=stale).delete()
    Scorecard.objects.bulk_create(cards_to_create, batch_size=1000)
    Scorecard.objects.bulk_update(cards_to_update, [*_SCORECARD_FIELDS, "computed_at"])
    return scorecards


def scorecards_compute(
    *, year: int, on_progress: Callable[[int, int], None] | None = None
) -> list[Scorecard]:
    """Score every programme ward that stood in the year, SCORING_BATCH wards per transaction
    (their facts read together, results written in bulk). An unfinished year is scored
    provisionally; a future one raises YearNotScorableError."""
    period = scoring_period(year)
    criteria_set = criteria_set_for_year(year)
    if criteria_set is None:
        raise NoCriteriaSetError(f"Chưa có bộ tiêu chí áp dụng cho năm {year}.")
    wards = wards_to_score(period)
    criteria = list(criteria_set.criteria.order_by("number"))
    scorecards = []
    pause = getattr(settings, "SCORING_WARD_DELAY_MS", 0) / 1000  # a test-settings knob
    size = 1 if pause else SCORING_BATCH
    for start in range(0, len(wards), size):
        batch = wards[start : start + size]
        scorecards.extend(
            wards_year_score(
                wards=batch, year=year, criteria_set=criteria_set, criteria=criteria, period=period
            )
        )
        if on_progress:
            on_progress(start + len(batch), len(wards))
        if pause:
            time.sleep(pause)
    return scorecards


def wards_to_score(period: ScoringPeriod) -> list[Ward]:
    """Return the programme wards that stood in the period (for a provisional one, in a month
    up to its last)."""
    wards = list(wards_in_year(year=period.year))
    if period.through_month is None:
        return wards
    month = period.through_month
    return [
        ward
        for ward in wards
        if any(ward.is_valid_in_month(period.year, m) for m in range(1, month + 1))
    ]


QUEUE_UNAVAILABLE = (
    "Hệ thống xử lý đang tạm ngừng. Yêu cầu đã được ghi lại và sẽ tự động chạy khi hệ thống "
    "hoạt động trở lại."
)
# Seconds a job may wait unsent before the periodic re-send picks it up (its own on_commit
# send normally happens within milliseconds).
REQUEUE_AFTER_SECONDS = 60


def scoring_job_enqueue(*, job: ScoringJob) -> bool:
    """Send the job to the Celery queue; return False (and note why on the job) when the broker
    cannot be reached. The job row stays queued, so nothing is lost."""
    from kombu.exceptions import OperationalError

    from criteria.tasks import score_year

    try:
        score_year.apply_async((job.pk,), retry=False)
    except (OperationalError, OSError) as exc:
        logger.warning("Scoring job %s not sent: queue unavailable (%s)", job.pk, exc)
        ScoringJob.objects.filter(pk=job.pk, state=JobState.QUEUED).update(error=QUEUE_UNAVAILABLE)
        job.queue_unavailable = True
        return False
    ScoringJob.objects.filter(pk=job.pk).update(enqueued_at=timezone.now())
    job.queue_unavailable = False
    return True


@transaction.atomic
def scoring_job_request(*, year: int, user: User | None) -> ScoringJob:
    """Create a queued scoring job and enqueue it once this transaction commits.

    After the commit, `job.queue_unavailable` tells whether the queue refused it.
    """
    if user is not None and not allows(user, Action.MANAGE_PROGRAMME):
        raise PermissionDenied
    try:
        scoring_period(year)
    except YearNotScorableError as exc:
        raise ValidationError(str(exc)) from exc
    if criteria_set_for_year(year) is None:
        raise ValidationError(f"Chưa có bộ tiêu chí áp dụng cho năm {year}.")
    job = ScoringJob.objects.create(year=year, requested_by=user)
    job.queue_unavailable = False
    transaction.on_commit(lambda: scoring_job_enqueue(job=job))
    return job


def scoring_jobs_requeue(*, older_than_seconds: int = REQUEUE_AFTER_SECONDS) -> int:
    """Send again the queued jobs that never reached the queue; return how many were sent."""
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    waiting = ScoringJob.objects.filter(
        state=JobState.QUEUED, enqueued_at__isnull=True, created_at__lte=cutoff
    ).order_by("created_at")
    sent = 0
    for job in waiting:
        if scoring_job_enqueue(job=job):
            ScoringJob.objects.filter(pk=job.pk, error=QUEUE_UNAVAILABLE).update(error="")
            sent += 1
    return sent


def scoring_job_run(*, job_id: int) -> ScoringJob:
    """Run a scoring job: mark it running, score the year with progress, then done or failed.

    A job that is already done is left alone (a redelivered task does nothing twice); a job
    found running (its worker was killed) is run again, which is safe as scoring is idempotent.
    """
    job = ScoringJob.objects.get(pk=job_id)
    if job.state == JobState.DONE:
        return job
    ScoringJob.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING,
        started_at=timezone.now(),
        error="",
        wards_done=0,
        enqueued_at=job.enqueued_at or timezone.now(),
    )

    def progress(done: int, total: int) -> None:
        ScoringJob.objects.filter(pk=job.pk).update(wards_done=done, wards_total=total)

    try:
        total = len(wards_to_score(scoring_period(job.year)))
        ScoringJob.objects.filter(pk=job.pk).update(wards_total=total)
        scorecards_compute(year=job.year, on_progress=progress)
    except Exception as exc:
        logger.exception("Scoring job %s for %s failed", job.pk, job.year)
        jobs_mark_failed(ScoringJob.objects.filter(pk=job.pk), state=JobState.FAILED, error=exc)
    else:
        ScoringJob.objects.filter(pk=job.pk).update(state=JobState.DONE, finished_at=timezone.now())
    job.refresh_from_db()
    return job


@transaction.atomic
def manual_decision_record(
    *, ward: Ward, year: int, criterion: Criterion, decision: str, note: str, user: User
) -> ManualDecision:
    """Record (or change) a reviewer's decision on a manual criterion, then re-score the ward."""
    if not allows(user, Action.DECIDE_MANUAL, ward):
        raise PermissionDenied
    if not criterion.needs_decision:
        raise ValidationError("Tiêu chí này được đánh giá tự động, không đánh giá thủ công.")
    if decision not in Decision.values:
        raise ValidationError("Kết luận không hợp lệ.")
    if not note.strip():
        raise ValidationError("Cần ghi nhận xét cho kết luận.")
    if is_future_year(year):
        raise ValidationError(future_year_message(year))
    if not (ward.in_programme and ward.is_valid_in_year(year)):
        raise ValidationError(f"{ward.display_name} không thuộc Đề án trong năm {year}.")
    record, _ = ManualDecision.objects.update_or_create(
        ward=ward,
        year=year,
        criterion=criterion,
        defaults={
            "decision": decision,
            "note": note.strip(),
            "decided_by": user,
            "decided_at": timezone.now(),
        },
    )
    if criteria_set_for_year(year) == criterion.criteria_set:
        # When no month of the year is due yet, the decision counts once the year is scored.
        with contextlib.suppress(YearNotScorableError):
            ward_year_score(ward=ward, year=year, criteria_set=criterion.criteria_set)
    return record


@transaction.atomic
def evidence_file_add(
    *,
    ward: Ward,
    year: int,
    criterion: Criterion,
    upload: UploadedFile,
    user: User,
    description: str = "",
) -> EvidenceFile:
    """Store an evidence file under a generated name after checking its type by content."""
    if not allows(user, Action.UPLOAD_EVIDENCE, ward):
        raise PermissionDenied
    checked = check_upload(upload)
    upload.name = "upload" + checked.suffix
    return EvidenceFile.objects.create(
        ward=ward,
        year=year,
        criterion=criterion,
        file=upload,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        description=description.strip(),
        uploaded_by=user,
    )


@transaction.atomic
def criteria_set_publish(
    *,
    name: str,
    effective_year: int,
    based_on: CriteriaSet | None = None,
    criteria: list[dict[str, Any]] | None = None,
    notes: str = "",
) -> CriteriaSet:
    """Publish a new criteria set for a later year, copying a set's criteria or given ones.

    Past results keep pointing at their own criterion rows, so they do not change.
    """
    latest = CriteriaSet.objects.filter(is_active=True).order_by("-effective_year").first()
    if latest and effective_year <= latest.effective_year:
        raise ValidationError(f"Bộ tiêu chí mới phải áp dụng từ năm sau {latest.effective_year}.")
    version = (
        CriteriaSet.objects.order_by("-version").values_list("version", flat=True).first() or 0
    ) + 1
    new_set = CriteriaSet.objects.create(
        name=name, effective_year=effective_year, version=version, notes=notes
    )
    if criteria is None:
        source = based_on or latest
        criteria = [
            asdict_criterion(c) for c in (source.criteria.order_by("number") if source else [])
        ]
    for row in criteria:
        Criterion.objects.create(criteria_set=new_set, **row)
    return new_set


def asdict_criterion(criterion: Criterion) -> dict[str, Any]:
    """Return a criterion's editable fields as a dict (to copy it into a new set)."""
    return {
        "number": criterion.number,
        "area": criterion.area,
        "title_vi": criterion.title_vi,
        "title_en": criterion.title_en,
        "target_text": criterion.target_text,
        "kind": criterion.kind,
        "rule_key": criterion.rule_key,
        "thresholds": criterion.thresholds,
    }
