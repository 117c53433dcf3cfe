package org.wfe.api.schedule;

import java.util.Locale;

/** What happens to the fire times missed while no engine ran: forgotten, or made up for by one fire. */
public enum MisfirePolicy {
    SKIP, FIRE_ONCE;

    /** As operators type it: {@code skip}, {@code fire-once}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws InvalidScheduleException naming the accepted values */
    public static MisfirePolicy of(String label) {
        for (MisfirePolicy p : values()) {
            if (p.label().equals(label == null ? null : label.strip().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new InvalidScheduleException("misfire must be skip or fire-once, got '" + label + "'");
    }
}
