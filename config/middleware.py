"""Language selection: Vietnamese unless the user chose another language (cookie)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.deprecation import MiddlewareMixin


class ChosenLanguageMiddleware(MiddlewareMixin):
    """Activate the language from the language cookie, else LANGUAGE_CODE.

    Unlike Django's LocaleMiddleware it ignores the browser's Accept-Language, so a browser set
    to English still opens the Vietnamese interface until the user switches.
    """

    def process_request(self, request) -> None:
        """Activate the chosen language for this request."""
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        """Announce the response's language and that it varies with the cookie."""
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


PRIVATE_NO_STORE = "private, no-store"
# Pages that are not signed in yet still must not be kept (a login form carries a CSRF token).
NO_STORE_VIEWS = frozenset({"login", "admin:login"})


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class PrivateNoStoreMiddleware:
    """Send `Cache-Control: private, no-store` with every answer to a signed-in user (pages,
    file downloads, the admin site) and with the login page, so that neither the browser nor a
    proxy keeps a copy of ward data (e.g. on a shared computer, after logging out).

    Placed after AuthenticationMiddleware; it checks the user before the view (a logout ends the
    session) and after it (a login starts one).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in_before = _signed_in(request)
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            signed_in_before
            or _signed_in(request)
            or (match is not None and match.view_name in NO_STORE_VIEWS)
        ):
            response.headers["Cache-Control"] = PRIVATE_NO_STORE
        return response
