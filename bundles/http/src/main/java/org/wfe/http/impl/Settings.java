package org.wfe.http.impl;

/** The checked values of {@link HttpApiConfig}; a bad value is refused with a message naming the key. */
record Settings(int waitTimeout, int maxLimit, int maxBodyBytes) {

    static final Settings DEFAULTS = new Settings(300, 1000, 1_048_576);

    Settings {
        if (waitTimeout < 1 || waitTimeout > 3600) {
            throw new IllegalArgumentException("waitTimeout must be within 1..3600 seconds, got " + waitTimeout);
        }
        if (maxLimit < 1 || maxLimit > 10_000) {
            throw new IllegalArgumentException("maxLimit must be within 1..10000, got " + maxLimit);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024, got " + maxBodyBytes);
        }
    }

    /** Reads the annotation; a word where a number belongs comes out as a message naming the key. */
    static Settings of(HttpApiConfig c) {
        return new Settings(number("waitTimeout", c::waitTimeout), number("maxLimit", c::maxLimit),
                number("maxBodyBytes", c::maxBodyBytes));
    }

    private static int number(String key, java.util.function.IntSupplier value) {
        try {
            return value.getAsInt();
        } catch (RuntimeException e) { // SCR's conversion of a configured string failed
            throw new IllegalArgumentException(key + " must be a whole number (" + e.getMessage() + ")", e);
        }
    }
}
