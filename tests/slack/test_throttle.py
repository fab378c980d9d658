"""The install page's per-address token bucket: a burst, then a steady rate, and a bounded memory."""

from __future__ import annotations

from adapters.slack.throttle import AddressThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_one_visit_per_refill_and_each_address_on_its_own() -> None:
    clock = Clock()
    throttle = AddressThrottle(burst=3, per_minute=6.0, clock=clock)  # one more every 10 s
    assert [throttle.wait_for("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert throttle.wait_for("a") == 10.0
    assert throttle.wait_for("b") == 0.0
    clock.now += 10
    assert throttle.wait_for("a") == 0.0
    assert throttle.wait_for("a") == 10.0
    clock.now += 3600  # refilled, never above the burst
    assert [throttle.wait_for("a") for _ in range(4)] == [0.0, 0.0, 0.0, 10.0]


def test_it_remembers_a_bounded_number_of_addresses() -> None:
    throttle = AddressThrottle(burst=1, per_minute=1.0, addresses=100, clock=Clock())
    for i in range(10_000):
        throttle.wait_for(f"10.0.{i // 256}.{i % 256}")
    assert throttle.wait_for("10.0.39.15") > 0  # among the latest: still remembered
    assert throttle.wait_for("10.0.0.1") == 0.0  # long forgotten: starts full again
