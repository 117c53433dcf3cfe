package org.wfe.http.impl;

/**
 * A request the API refuses, with the HTTP status and a stable machine-readable code that clients may
 * switch on (the message is for people and may change).
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;
    /** Seconds for a Retry-After header, 0 for none. */
    private final int retryAfter;

    ApiException(int status, String code, String message) {
        this(status, code, message, 0);
    }

    private ApiException(int status, String code, String message, int retryAfter) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    int retryAfter() {
        return retryAfter;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message);
    }

    static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message);
    }

    /** The engine runs as many actions as it may: nothing was started, a later try may succeed. */
    static ApiException atCapacity(String message) {
        return new ApiException(503, "at_capacity", message, 1);
    }

    static ApiException unavailable(String what) {
        return new ApiException(503, "unavailable", what + " is not running");
    }
}
