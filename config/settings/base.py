"""Settings shared by every environment, composed from one module per concern in components/.

Each value that varies comes from the environment; local.py, test.py and production.py start
from here and override only the names tests/test_settings_layout.py lists for them.
"""

from config.settings.components.api import *  # noqa: F403
from config.settings.components.app import *  # noqa: F403
from config.settings.components.auth import *  # noqa: F403
from config.settings.components.cache import *  # noqa: F403
from config.settings.components.celery import *  # noqa: F403
from config.settings.components.core import *  # noqa: F403
from config.settings.components.database import *  # noqa: F403
from config.settings.components.files import *  # noqa: F403
from config.settings.components.i18n import *  # noqa: F403
from config.settings.components.mail import *  # noqa: F403
from config.settings.components.security import *  # noqa: F403
