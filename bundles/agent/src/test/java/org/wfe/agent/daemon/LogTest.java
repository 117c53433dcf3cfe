package org.wfe.agent.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Outside text in the agent's log cannot forge a line: control characters are escaped (issue 15 §4). */
class LogTest {

    @Test
    void aMessageWithLineBreaksAndEscapesStaysOneLine() {
        PrintStream old = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Log.warn("bad <exec/> from rogue@x: not JSON: {\"a\r\n2026-01-01 00:00:00.000 INFO wfe-agent: ran script\u001b[2J");
            Log.flush(10_000);
        } finally {
            System.setErr(old);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.contains("{\"a\\r\\n2026-01-01 00:00:00.000 INFO wfe-agent: ran script\\u001b[2J"), text);
    }
}
