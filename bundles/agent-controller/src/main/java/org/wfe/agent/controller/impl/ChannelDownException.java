package org.wfe.agent.controller.impl;

/** The request may not have reached the agent (no connection, no answer): sending it again is safe. */
final class ChannelDownException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ChannelDownException(String message, Throwable cause) {
        super(message, cause);
    }
}
