"""Evidence downloads are named with the extension of the type read from the content."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from criteria.evidence import download_name
from criteria.models import EvidenceFile
from criteria.tests.test_views import PDF_BYTES, PNG_BYTES, criterion_url, docx_bytes

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize(
    ("uploaded_as", "content", "downloaded_as", "content_type"),
    [
        ("bien-ban.png", PDF_BYTES, "bien-ban.pdf", "application/pdf"),
        ("Biên bản họp", PDF_BYTES, "Biên bản họp.pdf", "application/pdf"),
        ("anh.pdf", PNG_BYTES, "anh.png", "image/png"),
        ("bao-cao.xlsx", docx_bytes(), "bao-cao.docx", DOCX),
        ("bao-cao.v2", docx_bytes(), "bao-cao.v2.docx", DOCX),
        ("bien-ban.PDF", PDF_BYTES, "bien-ban.PDF", "application/pdf"),
    ],
)
def test_a_download_carries_the_extension_of_the_detected_type(
    role_clients, ward_a, criteria_2023, uploaded_as, content, downloaded_as, content_type
):
    role_clients["reviewer"].post(
        criterion_url(ward_a, 2, "criteria:upload"),
        {"file": SimpleUploadedFile(uploaded_as, content)},
    )
    item = EvidenceFile.objects.get()
    assert (item.original_name, item.content_type) == (uploaded_as, content_type)
    response = role_clients["officer_a"].get(
        reverse("criteria:evidence_download", kwargs={"pk": item.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == _attachment(downloaded_as)
    assert b"".join(response.streaming_content) == content


def _attachment(name: str) -> str:
    """Return the Content-Disposition Django sends for an attachment named `name`."""
    from django.utils.http import content_disposition_header

    return content_disposition_header(as_attachment=True, filename=name)


def test_download_name_keeps_a_right_extension_and_fixes_a_wrong_one():
    assert download_name("anh.jpeg", "image/jpeg") == "anh.jpeg"
    assert download_name("anh.gif", "image/jpeg") == "anh.jpg"
    assert download_name("../../etc/x.png", "application/pdf") == "x.pdf"
    assert download_name("", "application/pdf") == "minh-chung.pdf"
    assert download_name(".png", "application/pdf") == "minh-chung.pdf"
    assert download_name("cu.doc", "application/msword") == "cu.doc"
    assert download_name("x.bin", "unknown/type", "evidence/2024/abc.pdf") == "x.bin.pdf"
