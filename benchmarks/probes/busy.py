"""Probe transforms with a known cost, for checking what the harness reports (benchmarks/harness_accuracy.py)."""

import time


class BusyWait:
    """Spins ``us`` microseconds per record, then returns it unchanged."""

    def configure(self, settings):
        self.ns = int(float(settings["us"]) * 1000)

    def apply(self, record):
        end = time.perf_counter_ns() + self.ns
        while time.perf_counter_ns() < end:
            pass
        return record


class Identity:
    """Returns the record: what a stage costs the harness with no work in it."""

    def configure(self, settings):
        pass

    def apply(self, record):
        return record


class Work:
    """A fixed amount of interpreter work per record (``units`` loop steps): k% more units is about k% more
    instructions and time, which makes it the injected slowdown for testing the gates."""

    def configure(self, settings):
        self.units = int(settings["units"])

    def apply(self, record):
        total = 0
        for step in range(self.units):
            total += step
        return record
