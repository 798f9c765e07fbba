"""Languages, time zone and number/date formats: Vietnamese by default, English switchable."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from config.settings.components.core import BASE_DIR

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["config.formats"]
USE_THOUSAND_SEPARATOR = True
