"""The response-head watchdog: one thread, woken only when a new deadline comes first."""

from __future__ import annotations

import threading

from libcloud._transport.deadline import Watchdog


def test_a_later_alarm_does_not_delay_an_earlier_one_armed_after_it():
    watchdog = Watchdog()
    late, early = threading.Event(), threading.Event()
    first = watchdog.arm(3600, late.set)
    watchdog.arm(0.01, early.set)  # earlier than the head: the sleeping thread must be woken for it
    assert early.wait(10)
    assert not late.is_set()
    watchdog.cancel(first)


def test_alarms_armed_behind_the_head_still_fire():
    watchdog = Watchdog()
    fired = [threading.Event() for _ in range(3)]
    for index, event in enumerate(fired):
        watchdog.arm(0.01 * (index + 1), event.set)  # each later than the head: no wake-up needed
    assert all(event.wait(10) for event in fired)


def test_cancelled_alarms_at_the_front_are_dropped_as_new_ones_come():
    watchdog = Watchdog()
    for _ in range(1000):
        watchdog.cancel(watchdog.arm(3600, lambda: None))
    assert len(watchdog._heap) <= 1
    fired = threading.Event()
    watchdog.arm(0.01, fired.set)
    assert fired.wait(10)
