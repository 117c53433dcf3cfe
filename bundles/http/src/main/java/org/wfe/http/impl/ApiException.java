package org.wfe.http.impl;

/**
 * A request the API refuses, with the HTTP status and a stable machine-readable code that clients may
 * switch on (the message is for people and may change).
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
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

    static ApiException unavailable(String what) {
        return new ApiException(503, "unavailable", what + " is not running");
    }
}
