"""Settings for benchmarks: production settings, plus a bare view to measure the server's ceiling."""

import tempfile
from pathlib import Path

from studyguide.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# No collectstatic in a benchmark: pages link static files but the load never fetches them.
STATIC_ROOT = Path(tempfile.gettempdir()) / "studyguide-bench-static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
