package org.wfe.api.text;

import org.wfe.api.job.LogText;

/**
 * Guids and names an operator types (a root-object guid, a parent job): refused at the door when they
 * could not be stored or would forge a line where they are shown, rather than half-way through an action.
 */
public final class Names {

    /** The store's limit for a root-object guid or type (the DRP refuses more). */
    public static final int MAX = 100;

    /** The value stripped; refused when empty, longer than {@link #MAX} or holding a control character. */
    public static String require(String what, String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty() || v.length() > MAX || !LogText.escape(v).equals(v)) {
            String shown = LogText.escape(v.length() > 40 ? v.substring(0, 40) + "…" : v);
            throw new IllegalArgumentException(what + " must be 1 to " + MAX + " characters without control characters, got '"
                    + shown + "' (" + v.length() + " characters)");
        }
        return v;
    }

    private Names() {
    }
}
