package org.wfe.engine.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows password guessing for one key (a source address, or a source and user name): the first
 * {@code freeFailures} failures in a row are free; after that the key must wait 1 s, then 2 s, 4 s … at most
 * {@link #MAX_WAIT} before its next attempt is even looked at (attempts while waiting are refused unchecked and
 * do not lengthen the wait). {@link #succeeded} or {@link #FORGET_AFTER} without failures clears the count, so
 * the real operator is never locked out for more than a minute. At most {@value #MAX_SOURCES} keys are
 * remembered (the oldest are dropped), so a flood of addresses cannot fill the memory.
 */
final class LoginThrottle {

    /** Failures in a row one user name from one source has before it waits. */
    static final int FREE_FAILURES = 5;
    /** Failures in a row one source has, whatever the user names, before everything from it waits. */
    static final int FREE_SOURCE_FAILURES = 30;
    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    static final int MAX_SOURCES = 10_000;

    private record State(int failures, Instant last, Instant blockedUntil) {
    }

    private final Clock clock;
    private final int freeFailures;
    private final Map<String, State> sources = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    LoginThrottle(Clock clock, int freeFailures) {
        this.clock = clock;
        this.freeFailures = freeFailures;
    }

    /** How long the source must still wait; zero when its attempt may be checked. */
    synchronized Duration waitFor(String source) {
        State s = current(source);
        if (s == null || s.blockedUntil() == null) {
            return Duration.ZERO;
        }
        Duration d = Duration.between(clock.instant(), s.blockedUntil());
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Counts a failure; returns the number of failures in a row from this source. */
    synchronized int failed(String source) {
        State s = current(source);
        int n = s == null ? 1 : s.failures() + 1;
        Instant now = clock.instant();
        Instant until = null;
        if (n >= freeFailures) {
            long seconds = Math.min(MAX_WAIT.toSeconds(), 1L << Math.min(n - freeFailures, 20));
            until = now.plusSeconds(seconds);
        }
        sources.put(source, new State(n, now, until));
        return n;
    }

    synchronized void succeeded(String source) {
        sources.remove(source);
    }

    private State current(String source) {
        State s = sources.get(source);
        if (s != null && Duration.between(s.last(), clock.instant()).compareTo(FORGET_AFTER) > 0) {
            sources.remove(source);
            return null;
        }
        return s;
    }
}
