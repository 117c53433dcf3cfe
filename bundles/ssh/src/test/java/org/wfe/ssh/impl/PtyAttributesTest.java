package org.wfe.ssh.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.apache.sshd.common.channel.PtyMode;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.Size;
import org.junit.jupiter.api.Test;

class PtyAttributesTest {

    @Test
    void modesOfTheClientBecomeTerminalAttributes() {
        Attributes a = new Attributes();
        a.setLocalFlag(LocalFlag.ECHO, true);
        PtyAttributes.apply(a, Map.of(PtyMode.VINTR, 3, PtyMode.VEOF, 4, PtyMode.ECHO, 0, PtyMode.ICRNL, 1,
                PtyMode.ONLCR, 1, PtyMode.TTY_OP_ISPEED, 38_400));
        assertEquals(3, a.getControlChar(ControlChar.VINTR));
        assertEquals(4, a.getControlChar(ControlChar.VEOF));
        assertFalse(a.getLocalFlag(LocalFlag.ECHO));
        assertTrue(a.getInputFlag(InputFlag.ICRNL));
        assertTrue(a.getOutputFlag(OutputFlag.ONLCR));
    }

    @Test
    void theSizeComesFromTheEnvironmentWith80x24WhenTheClientSendsNone() {
        assertEquals(new Size(120, 40), PtyAttributes.size(Map.of("COLUMNS", "120", "LINES", "40")));
        assertEquals(PtyAttributes.DEFAULT_SIZE, PtyAttributes.size(Map.of("COLUMNS", "0", "LINES", "0")));
        assertEquals(PtyAttributes.DEFAULT_SIZE, PtyAttributes.size(Map.of("COLUMNS", "wide")));
        assertEquals(new Size(80, 24), PtyAttributes.size(Map.of()));
    }
}
