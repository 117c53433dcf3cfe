package org.wfe.api.schedule;

import java.util.Locale;

/**
 * What a fire does while the schedule's previous run is unfinished: start anyway, be skipped, or wait for it
 * to end (at most one fire waits per schedule; later ones are skipped while it does).
 */
public enum OverlapPolicy {
    ALLOW, SKIP, QUEUE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws InvalidScheduleException naming the accepted values */
    public static OverlapPolicy of(String label) {
        for (OverlapPolicy p : values()) {
            if (p.label().equals(label == null ? null : label.strip().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new InvalidScheduleException("overlap must be allow, skip or queue, got '" + label + "'");
    }
}
