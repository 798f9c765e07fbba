"""Local development: debug on, SQLite and eager Celery unless the environment says otherwise."""

from config.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DJANGO_DEBUG", True)
