package org.wfe.tasklet.engine.impl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.wfe.api.job.JobKilledException;
import org.wfe.api.text.Durations;

/**
 * How often an action is tried and how long it waits in between: the params {@code retry.max},
 * {@code retry.backoff}, {@code retry.multiplier}, {@code retry.maxBackoff}, {@code retry.on} of a call,
 * or the same keys prefixed {@code wfe.tasklet.} as service properties of a tasklet. Read and refused
 * before a job exists, so a typo starts nothing. A kill or a time-out is never retried, whatever
 * {@code retry.on} says: the operator (or maxduration) wanted the job to end.
 *
 * @param maxAttempts 1 = no retry
 * @param retryOn exception class names (full or simple); a failure is retried when its class or a
 *        superclass is listed. Default: RuntimeException (ActionFailedException is one)
 */
record RetryPolicy(int maxAttempts, Duration backoff, double multiplier, Duration maxBackoff, List<String> retryOn) {

    static final String PREFIX = "retry.";
    static final String TASKLET_PREFIX = "wfe.tasklet.retry.";
    static final int MOST_ATTEMPTS = 100;
    static final RetryPolicy NONE = new RetryPolicy(1, Duration.ofSeconds(1), 2, Duration.ofMinutes(5),
            List.of(RuntimeException.class.getName()));
    private static final Set<String> KEYS = Set.of("max", "backoff", "multiplier", "maxBackoff", "on");

    /** The call's policy if it names any {@code retry.*} key, else null (the tasklet's, or none, applies). */
    static RetryPolicy ofCall(Map<String, ?> params) {
        return params == null ? null : read(params, PREFIX, "retry.");
    }

    /** A tasklet's declared policy ({@code wfe.tasklet.retry.max=3} ...), else null. */
    static RetryPolicy ofTasklet(Map<String, ?> props) {
        return read(props, TASKLET_PREFIX, TASKLET_PREFIX);
    }

    private static RetryPolicy read(Map<String, ?> m, String prefix, String shown) {
        boolean any = false;
        for (String k : m.keySet()) {
            if (k.startsWith(prefix)) {
                any = true;
                if (!KEYS.contains(k.substring(prefix.length()))) {
                    throw new IllegalArgumentException("unknown retry parameter '" + k + "' (known: " + shown
                            + "max, " + shown + "backoff, " + shown + "multiplier, " + shown + "maxBackoff, "
                            + shown + "on)");
                }
            }
        }
        if (!any) {
            return null;
        }
        int max = NONE.maxAttempts;
        Object v = m.get(prefix + "max");
        if (v != null) {
            try {
                max = Integer.parseInt(v.toString().strip());
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1 || max > MOST_ATTEMPTS) {
                throw new IllegalArgumentException(shown + "max must be a whole number of attempts from 1 to "
                        + MOST_ATTEMPTS + ", got '" + v + "'");
            }
        }
        Duration backoff = duration(m.get(prefix + "backoff"), shown + "backoff", NONE.backoff);
        Duration maxBackoff = duration(m.get(prefix + "maxBackoff"), shown + "maxBackoff", NONE.maxBackoff);
        if (maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException(shown + "maxBackoff (" + Durations.format(maxBackoff)
                    + ") must not be shorter than " + shown + "backoff (" + Durations.format(backoff) + ")");
        }
        double multiplier = NONE.multiplier;
        v = m.get(prefix + "multiplier");
        if (v != null) {
            try {
                multiplier = Double.parseDouble(v.toString().strip());
            } catch (NumberFormatException e) {
                multiplier = Double.NaN;
            }
            if (!(multiplier >= 1 && multiplier <= 100)) {
                throw new IllegalArgumentException(shown + "multiplier must be a number from 1 to 100, got '" + v + "'");
            }
        }
        List<String> on = NONE.retryOn;
        v = m.get(prefix + "on");
        if (v != null) {
            on = new ArrayList<>();
            for (String s : v.toString().split(",")) {
                String name = s.strip();
                if (!name.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
                    throw new IllegalArgumentException(shown + "on must list exception class names separated by"
                            + " commas, got '" + v + "'");
                }
                on.add(name);
            }
            on = List.copyOf(on);
        }
        return new RetryPolicy(max, backoff, multiplier, maxBackoff, on);
    }

    private static Duration duration(Object v, String what, Duration absent) {
        return v == null ? absent : Duration.ofSeconds(Durations.parseSeconds(v.toString(), what));
    }

    /** The wait after failed attempt {@code attempt} (1-based): backoff × multiplier^(attempt−1), at most maxBackoff. */
    Duration backoffAfter(int attempt) {
        double ms = backoff.toMillis() * Math.pow(multiplier, attempt - 1);
        return ms >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) ms);
    }

    /** Whether a failure of attempt {@code attempt} gets another one. Kills and Errors never do. */
    boolean retries(Throwable t, int attempt) {
        if (attempt >= maxAttempts || t instanceof JobKilledException || t instanceof InterruptedException
                || t instanceof Error) {
            return false;
        }
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (retryOn.contains(c.getName()) || retryOn.contains(c.getSimpleName())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d attempts, back-off %s ×%s up to %s, on %s", maxAttempts,
                Durations.format(backoff), multiplier, Durations.format(maxBackoff), String.join(",", retryOn));
    }
}
