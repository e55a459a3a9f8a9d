"""The constant-answer view that `make bench` measures every page against."""

import pytest
from django.test import override_settings


@pytest.mark.django_db
def test_ceiling_is_a_404_by_default(client):
    response = client.get("/bench/ceiling")
    assert response.status_code == 404


@pytest.mark.django_db
@override_settings(BENCHMARK_ENDPOINTS=True)
def test_ceiling_answers_a_constant_when_switched_on(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/bench/ceiling")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
@override_settings(BENCHMARK_ENDPOINTS=True)
def test_ceiling_accepts_only_get(client):
    assert client.post("/bench/ceiling").status_code == 405


def test_benchmark_endpoints_setting_is_off_unless_set():
    from django.conf import settings

    assert settings.BENCHMARK_ENDPOINTS is False
