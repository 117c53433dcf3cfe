package org.wfe.api.drp;

/** A repository call failed: the store refused the write or cannot be reached. */
public class DrpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DrpException(String message) {
        super(message);
    }

    public DrpException(String message, Throwable cause) {
        super(message, cause);
    }
}
