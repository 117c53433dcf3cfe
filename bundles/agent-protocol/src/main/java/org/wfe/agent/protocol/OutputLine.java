package org.wfe.agent.protocol;

/** One line a script wrote, without its line end. */
public record OutputLine(boolean stderr, String text) {
    public OutputLine {
        text = text == null ? "" : text;
    }
}
