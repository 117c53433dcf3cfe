package org.wfe.api.user;

import java.util.Locale;

/**
 * What a user may do; each role includes the ones before it. {@code viewer} reads jobs, logs and agents;
 * {@code operator} also starts, kills and waits; {@code admin} also changes configuration, bundles and uses
 * the Gogo shell.
 */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    /** True when this role may do what {@code needed} may. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The lower-case name used in files, commands and JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code viewer}, {@code operator} or {@code admin} (any case). */
    public static Role parse(String s) {
        if (s != null) {
            for (Role r : values()) {
                if (r.label().equalsIgnoreCase(s.strip())) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("unknown role '" + s + "' (known: viewer, operator, admin)");
    }
}
