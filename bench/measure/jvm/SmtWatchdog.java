/*
 * For SmtHarness --check: one stage that holds one record past the limit (a regex that backtracks, a wait that
 * does not end) stops the check there, naming the stage and the record, as the master's check does in Python
 * (--record-time-limit). Java's regex matching cannot be interrupted, so a daemon thread looks at what the main
 * thread runs and since when, and on an overrun says so in one line and halts the JVM with its own exit code.
 */

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

final class SmtWatchdog {
    /** The exit code of a check stopped here (the harness's refusals exit 2). */
    static final int TOO_SLOW = 3;

    /** What the main thread runs: a stage (in words) on a record (its index among the messages), since when. */
    private static final class Running {
        final String what; final int record; final long since, limit;
        Running(String what, int record, long limit) {
            this.what = what; this.record = record; this.limit = limit; this.since = System.nanoTime();
        }
    }

    private static volatile Running running;
    private static long limit;  // nanoseconds one stage may take on one record
    private static JsonNode origins;  // each message's label (a sample's line, "generated message 12")

    /** Starts watching: ``seconds`` per stage and record; ``labels``, where each message came from (else its
     *  number). */
    static void start(double seconds, JsonNode labels) {
        limit = (long) (seconds * 1e9);
        origins = labels;
        long period = Math.max(1_000_000L, Math.min(20_000_000L, limit / 20));  // a 20th of the limit, 1-20 ms
        Thread watchdog = new Thread(() -> {
            while (true) {
                LockSupport.parkNanos(period);
                Running now = running;
                if (now != null && System.nanoTime() - now.since > now.limit) stop(now);
            }
        }, "smtbench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** ``what`` (e.g. "transform 'mask' (SmtTwins$RegexReplaceValue)") starts on message ``record``, with
     *  ``stages`` times the limit (the whole chain on a record: one limit for each of its stages). */
    static void watch(String what, int record, int stages) {
        running = new Running(what, record, limit * stages);
    }

    static void idle() {
        running = null;
    }

    static String label(int record) {
        JsonNode label = origins == null ? null : origins.get(record);
        return label != null && label.isTextual() ? label.asText() : "message " + (record + 1);
    }

    private static void stop(Running now) {
        double ran = (System.nanoTime() - now.since) / 1e9;
        System.err.println("smtbench: " + now.what + " took over " + seconds(now.limit) + " s on one record (in "
                           + label(now.record) + ") and was stopped " + String.format(Locale.ROOT, "%.3g", ran)
                           + " s into it");
        System.err.flush();
        Runtime.getRuntime().halt(TOO_SLOW);  // the main thread cannot be stopped, nor shutdown hooks trusted
    }

    private static String seconds(long nanos) {
        return new BigDecimal(nanos).movePointLeft(9).stripTrailingZeros().toPlainString();
    }
}
