"""Production: secrets, hosts, PostgreSQL and Redis are required from the environment."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, CELERY_TASK_ALWAYS_EAGER

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY", required=True)
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be a random string of 50+ characters.")
# base parsed DATABASES from DATABASE_URL; here the SQLite fallback is not allowed.
env_str("DATABASE_URL", required=True)
ALLOW_DEMO_DATA = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if CELERY_BROKER_URL == "memory://" or CELERY_TASK_ALWAYS_EAGER:
    raise ImproperlyConfigured("Production needs REDIS_URL (or CELERY_BROKER_URL) for Celery.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is required in production.")
