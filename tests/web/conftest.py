import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from site_server import SiteServer  # noqa: E402


@pytest.fixture
def server():
    """A fresh local HTTP server on 127.0.0.1 for one test."""
    with SiteServer() as running:
        yield running
