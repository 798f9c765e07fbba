"""The API (/api/): Django REST framework, its OpenAPI schema (drf-spectacular, docs served from
drf-spectacular-sidecar's static files), personal access tokens and throttling."""

from __future__ import annotations

from config.env import env_int, env_rate

# Personal access tokens expire this many days after they are made unless the user says sooner.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90, minimum=1, maximum=3650)
# Requests per client: "anon" by address (only the schema and its docs answer anonymous
# clients), "user" per signed-in user or token owner. Read at each request by api.throttling.
API_THROTTLE_RATES = {
    "anon": env_rate("API_THROTTLE_ANON", "120/minute"),
    "user": env_rate("API_THROTTLE_USER", "2000/hour"),
}

REST_FRAMEWORK = {
    # A token (Authorization: Bearer ...) first, then the browser's session (CSRF enforced).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonThrottle", "api.throttling.UserThrottle"],
    # JSON only: the browsable API needs inline scripts, which the Content-Security-Policy refuses.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Công an phường kiểu mẫu — Lạng Sơn API",
    "DESCRIPTION": (
        "Read access to wards, criteria, scorecards, reports, staffing, equipment, "
        "headquarters, projects and budget, and a ward's monthly report entry, under the same "
        "access rules as the pages. Authenticate with `Authorization: Bearer <token>` (create a "
        "token on the page “Mã truy cập API”) or the browser's session."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": "/api/",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "ENUM_NAME_OVERRIDES": {
        "WardKindEnum": "wards.models.WardKind",
        "CriterionKindEnum": "criteria.models.CriterionKind",
        "ProjectKindEnum": "facilities.models.ProjectKind",
        "ProjectStatusEnum": "facilities.models.ProjectStatus",
        "ReportStatusEnum": "reports.models.ReportStatus",
    },
    # Path parameters as the URL converters accept them, so generated clients (and the schema
    # fuzz test) only send addresses that resolve.
    "PATH_CONVERTER_OVERRIDES": {
        "int": {"type": "integer", "minimum": 0},
        "slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "maxLength": 40},
    },
    # The docs page loads Swagger UI from the sidecar's static files (no CDN) and its start-up
    # script from a separate URL (api.views_docs), as the Content-Security-Policy requires.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {
        "deepLinking": False,  # a link inside each operation's button (axe: nested-interactive)
        "persistAuthorization": False,
        "validatorUrl": None,
        "defaultModelsExpandDepth": 0,
    },
}
