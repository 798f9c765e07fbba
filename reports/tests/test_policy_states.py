"""The access policy reads report states as stored: they must match the reports' own."""

from reports.models import ReportStatus
from wards import access


def test_policy_report_states_are_the_stored_ones():
    stored = set(ReportStatus.values)
    assert access.REPORT_EDITABLE | {access.REPORT_SUBMITTED, access.REPORT_APPROVED} <= stored
    assert {ReportStatus.DRAFT, ReportStatus.RETURNED} == access.REPORT_EDITABLE
