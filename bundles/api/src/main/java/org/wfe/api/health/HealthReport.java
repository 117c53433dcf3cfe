package org.wfe.api.health;

import java.time.Instant;
import java.util.List;

/**
 * The engine's health at one moment.
 *
 * @param status the worst status of the checks (OK when there is none)
 * @param at when the checks ran
 * @param checks every check, in name order
 */
public record HealthReport(Status status, Instant at, List<Check> checks) {

    /** OK, WARN (works, needs a look) or CRITICAL (something the engine needs does not work). */
    public enum Status {
        OK, WARN, CRITICAL;

        public Status worse(Status other) {
            return other.ordinal() > ordinal() ? other : this;
        }
    }

    /**
     * One check's verdict.
     *
     * @param name the check's name, e.g. {@code store}
     * @param status its status
     * @param message what it found (one line, nothing secret)
     * @param pending CRITICAL for now but not decided: the check waits for something still starting or
     *        retrying (the store being opened); a start waits for it rather than failing
     */
    public record Check(String name, Status status, String message, boolean pending) {
    }

    public HealthReport {
        checks = List.copyOf(checks);
    }

    /** The checks that are not OK. */
    public List<Check> failing() {
        return checks.stream().filter(c -> c.status() != Status.OK).toList();
    }

    /** Ready for work: nothing CRITICAL. */
    public boolean ready() {
        return status != Status.CRITICAL;
    }

    /** Not ready, and some check that makes it so is only pending: worth waiting for. */
    public boolean settling() {
        return !ready() && checks.stream().noneMatch(c -> c.status() == Status.CRITICAL && !c.pending());
    }
}
