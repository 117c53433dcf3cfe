package org.wfe.agent.protocol;

/** A message that is not what the protocol says: its text tells the sender what is wrong. */
public class ProtocolException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
