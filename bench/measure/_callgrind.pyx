# cython: language_level=3
"""Callgrind client requests around one region: zero the counters, count only the region, dump them under a name.

Built only where valgrind's headers exist (Debian: apt-get install valgrind); bench/measure/instructions.py checks.
Outside valgrind the requests are no-ops.
"""

cdef extern from *:
    """
    #include <valgrind/callgrind.h>
    static void smtbench_zero_stats(void) { CALLGRIND_ZERO_STATS; }
    static void smtbench_start(void) { CALLGRIND_START_INSTRUMENTATION; }
    static void smtbench_stop(void) { CALLGRIND_STOP_INSTRUMENTATION; }
    static void smtbench_dump(const char *name) { CALLGRIND_DUMP_STATS_AT(name); }
    static int smtbench_on_valgrind(void) { return RUNNING_ON_VALGRIND; }
    """
    void smtbench_zero_stats()
    void smtbench_start()
    void smtbench_stop()
    void smtbench_dump(const char *name)
    int smtbench_on_valgrind()


def on_valgrind() -> bool:
    return smtbench_on_valgrind() != 0


def count(name, loop):
    """Run ``loop()`` with callgrind counting it alone; the counts are dumped as a profile part named ``name``."""
    cdef bytes label = name.encode("utf-8")
    smtbench_zero_stats()
    smtbench_start()
    loop()
    smtbench_stop()
    smtbench_dump(label)
