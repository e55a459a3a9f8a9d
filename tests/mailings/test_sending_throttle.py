"""The sending rate shared by every worker: never more than MAILING_RATE in a clock second."""

import time
from collections import Counter

import pytest

from mailings import sending, throttle
from mailings.throttle import Throttle
from tests.factories import UserFactory
from tests.mailings.sending_helpers import mailing, run_worker, subscribers


class FakeClock:
    def __init__(self, start: float = 1_000_000.25) -> None:
        self.now = start
        self.slept = 0.0

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept += seconds
        self.now += seconds


def test_one_worker_sends_at_most_the_rate_in_each_second():
    clock = FakeClock()
    limiter = Throttle(5, clock=clock.time, sleep=clock.sleep)
    seconds = Counter()

    for _ in range(12):
        limiter.wait()
        seconds[int(clock.now)] += 1

    assert max(seconds.values()) <= 5
    assert len(seconds) == 3
    assert clock.slept >= 1.5


def test_workers_share_one_allowance_through_the_cache():
    clock = FakeClock()
    workers = [Throttle(10, clock=clock.time, sleep=clock.sleep) for _ in range(3)]
    seconds = Counter()

    for n in range(60):
        workers[n % 3].wait()
        seconds[int(clock.now)] += 1

    assert max(seconds.values()) <= 10
    assert sum(seconds.values()) == 60
    assert len(seconds) >= 6


def test_without_the_cache_each_worker_keeps_to_its_share(monkeypatch, settings):
    settings.MAILING_WORKERS = 2

    def unreachable(second: int, n: int) -> int:
        raise ConnectionError("cache down")

    monkeypatch.setattr(throttle, "count_in_window", unreachable)
    clock = FakeClock()
    limiter = Throttle(10, clock=clock.time, sleep=clock.sleep)
    started = clock.now

    for _ in range(11):
        limiter.wait()

    # Its share is 10 / 2 = 5 a second: eleven messages take two seconds.
    assert clock.now - started == pytest.approx(2.0)


def test_a_rate_of_zero_means_no_limit():
    clock = FakeClock()
    limiter = Throttle(0, clock=clock.time, sleep=clock.sleep)
    for _ in range(1000):
        limiter.wait()
    assert clock.slept == 0


def test_batches_are_small_enough_to_finish_well_before_they_count_as_stale(settings):
    settings.MAILING_WORKERS = 4
    assert sending.batch_size(0) == sending.CLAIM_BATCH
    assert sending.batch_size(2) == 5  # 2 a second shared by 4 workers: 10 s of work
    assert sending.batch_size(1000) == sending.CLAIM_BATCH


@pytest.mark.django_db(transaction=True)
def test_a_send_through_the_worker_asks_the_throttle_before_each_message(
    settings, smtp_server, monkeypatch
):
    settings.MAILING_RATE = 4
    settings.MAILING_WORKERS = 2
    granted: list[float] = []
    wait = Throttle.wait

    def recording_wait(self: Throttle) -> None:
        wait(self)
        granted.append(time.time())

    monkeypatch.setattr(Throttle, "wait", recording_wait)
    subscribers(10)
    news = mailing()
    sending.mailing_start(mailing=news, by=UserFactory(is_staff=True))

    run_worker()

    assert len(smtp_server.messages) == 10
    assert len(granted) == 10
    per_second = Counter(int(at) for at in granted)
    assert max(per_second.values()) <= 4
    assert len(per_second) >= 3
