"""Test settings: the real settings with a fast password hasher and plain static storage."""

from studyguide.settings import *  # noqa: F403
from studyguide.settings import BASE_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CONTENT_DIR = BASE_DIR / "tests" / "content"

# A file, not the in-memory default: concurrency tests need SQLite's real locking (WAL and the
# busy timeout), which an in-memory shared-cache database does not honour.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}  # noqa: F405

# The production cache, whatever DEBUG says, so tests exercise the cached section article.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
