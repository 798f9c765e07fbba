import pytest

from criteria.langson import load_criteria


@pytest.fixture
def criteria_2023(db):
    """Load the 22 criteria of the provisional set (in force from 2023)."""
    load_criteria()
    from criteria.models import CriteriaSet

    return CriteriaSet.objects.get(version=1)
