package org.wfe.api.job;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an action or script is to run, the seed's {@code executionparams}: name, description, maxduration
 * (seconds), rootobjecttype, rootobjectguid and wait (default true), here {@code waitForResult}.
 *
 * @param maxDuration seconds; null inherits the parent's (or the default, 86,400 s); may only lower it
 * @param startedBy the user starting it; null inherits the parent's. Never read from {@link #fromMap}: a
 *        caller cannot claim to be someone else through params
 */
public record ExecutionParams(String name, String description, Long maxDuration, String rootObjectType,
        String rootObjectGuid, boolean waitForResult, String startedBy) {

    public static final long DEFAULT_MAX_DURATION = 86_400L;

    public ExecutionParams {
        if (maxDuration != null && maxDuration <= 0) {
            throw new IllegalArgumentException("maxduration must be a positive number of seconds, got " + maxDuration);
        }
    }

    /** The record as it was before 1.3 (no startedBy). */
    public ExecutionParams(String name, String description, Long maxDuration, String rootObjectType,
            String rootObjectGuid, boolean waitForResult) {
        this(name, description, maxDuration, rootObjectType, rootObjectGuid, waitForResult, null);
    }

    public static ExecutionParams defaults() {
        return new ExecutionParams(null, null, null, null, null, true);
    }

    public ExecutionParams withStartedBy(String user) {
        return new ExecutionParams(name, description, maxDuration, rootObjectType, rootObjectGuid, waitForResult, user);
    }

    public ExecutionParams withWait(boolean w) {
        return new ExecutionParams(name, description, maxDuration, rootObjectType, rootObjectGuid, w, startedBy);
    }

    public ExecutionParams withMaxDuration(Long seconds) {
        return new ExecutionParams(name, description, seconds, rootObjectType, rootObjectGuid, waitForResult, startedBy);
    }

    public ExecutionParams withRootObject(String type, String guid) {
        return new ExecutionParams(name, description, maxDuration, type, guid, waitForResult, startedBy);
    }

    public ExecutionParams withName(String n, String d) {
        return new ExecutionParams(n, d, maxDuration, rootObjectType, rootObjectGuid, waitForResult, startedBy);
    }

    /**
     * Reads the seed's map form (keys name, description, maxduration, rootobjecttype, rootobjectguid,
     * wait); unknown keys are refused so that a typo does not pass silently.
     */
    public static ExecutionParams fromMap(Map<String, ?> m) {
        if (m == null || m.isEmpty()) {
            return defaults();
        }
        for (String k : m.keySet()) {
            if (!java.util.Set.of("name", "description", "maxduration", "rootobjecttype", "rootobjectguid", "wait").contains(k)) {
                throw new IllegalArgumentException("unknown execution parameter '" + k
                        + "' (known: name, description, maxduration, rootobjecttype, rootobjectguid, wait)");
            }
        }
        Object md = m.get("maxduration");
        Long max = null;
        if (md != null) {
            try {
                max = md instanceof Number n ? n.longValue() : Long.parseLong(md.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("maxduration must be a whole number of seconds, got '" + md + "'");
            }
        }
        Object w = m.get("wait");
        boolean wait = w == null || (w instanceof Boolean b ? b : parseBool(w.toString()));
        return new ExecutionParams(str(m.get("name")), str(m.get("description")), max,
                str(m.get("rootobjecttype")), str(m.get("rootobjectguid")), wait);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (name != null) m.put("name", name);
        if (description != null) m.put("description", description);
        if (maxDuration != null) m.put("maxduration", maxDuration);
        if (rootObjectType != null) m.put("rootobjecttype", rootObjectType);
        if (rootObjectGuid != null) m.put("rootobjectguid", rootObjectGuid);
        m.put("wait", waitForResult);
        return m;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static boolean parseBool(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("wait must be true or false, got '" + s + "'");
        };
    }
}
