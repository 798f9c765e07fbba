"""Reads for generated documents, scoped like the data they contain."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from documents.models import DocumentKind, DocumentState, GeneratedDocument
from wards.models import User


def documents_visible(user: User) -> QuerySet[GeneratedDocument]:
    """Return the documents the user may see and download: a ward's scorecard to its staff
    and the province; the province's reports to province roles only."""
    queryset = GeneratedDocument.objects.select_related("ward", "requested_by")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_province_role:
        return queryset
    if user.is_ward_role and user.ward_id:
        return queryset.filter(kind=DocumentKind.WARD_SCORECARD_PDF, ward_id=user.ward_id)
    return queryset.none()


def documents_for_page(user: User, *, limit: int = 50) -> list[GeneratedDocument]:
    """Return the documents the page lists, newest first (one query): for ward staff every
    document of their ward; for the province their own requests and everyone's documents that
    are waiting, running or done (a request that joined another's job sees it here)."""
    queryset = documents_visible(user)
    if user.is_province_role:
        queryset = queryset.filter(Q(requested_by=user) | ~Q(state=DocumentState.FAILED))
    return list(queryset.order_by("-created_at", "-pk")[:limit])
