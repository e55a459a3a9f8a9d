import pytest

from mailings import rendering


@pytest.fixture(autouse=True)
def _fresh_lawmakers():
    # Lawmakers are cached per process for a minute; each test builds its own Congress.
    rendering.clear_caches()
    yield
    rendering.clear_caches()
