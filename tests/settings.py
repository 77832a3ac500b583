"""Test settings: the real settings with a fast password hasher and plain static storage."""

from studyguide.settings import *  # noqa: F403
from studyguide.settings import BASE_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CONTENT_DIR = BASE_DIR / "tests" / "content"
