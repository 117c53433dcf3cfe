package org.wfe.api.drp;

/** Refused at submit time: unknown type, malformed guid, a value that is not JSON-compatible, too large. */
public class InvalidObjectException extends DrpException {
    private static final long serialVersionUID = 1L;

    public InvalidObjectException(String message) {
        super(message);
    }
}
