"""Criteria 8 and 20 of the Lạng Sơn set compare what was handled with received + "tồn kỳ
trước" (carried over from the previous month), as the monthly report now records it.

Only a check still holding the shipped thresholds is changed, so an administrator's own edits
survive; reversing restores the shipped thresholds of the checks this migration changed.
"""

from django.db import migrations

SET_VERSION = 1
# (criterion number, the check as shipped, the check now)
CHANGES = (
    (
        8,
        {"source": "months", "part": "crime_reports_handled", "whole": "crime_reports_received"},
        {
            "source": "months",
            "part": "crime_reports_handled",
            "whole": "crime_reports_received",
            "carried": "crime_reports_carried_over",
        },
    ),
    (
        20,
        {
            "source": "months",
            "part": "procedures_on_time",
            "whole": ["procedures_on_time", "procedures_late"],
        },
        {
            "source": "months",
            "part": "procedures_on_time",
            "whole": "procedures_received",
            "carried": "procedures_carried_over",
        },
    ),
)


def _swap(apps, *, forward: bool) -> None:
    Criterion = apps.get_model("criteria", "Criterion")
    for number, shipped, now in CHANGES:
        old, new = (shipped, now) if forward else (now, shipped)
        for criterion in Criterion.objects.filter(
            criteria_set__version=SET_VERSION, number=number
        ):
            checks = criterion.thresholds.get("checks", [])
            changed = False
            for index, check in enumerate(checks):
                rest = {k: v for k, v in check.items() if k != "min_pct"}
                if rest == old and str(check.get("min_pct")) == "100":
                    checks[index] = {**new, "min_pct": check["min_pct"]}
                    changed = True
            if changed:
                criterion.save(update_fields=["thresholds"])


def forwards(apps, schema_editor):
    _swap(apps, forward=True)


def backwards(apps, schema_editor):
    _swap(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("criteria", "0005_plain_words"),
        ("reports", "0010_monthly_carried_over"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
