package org.wfe.ssh.impl;

import java.util.Map;
import java.util.Optional;

import org.apache.sshd.common.channel.PtyMode;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.ControlFlag;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.Size;

/**
 * Turns the pty request of an SSH client into jline terminal settings. SSH and jline both use the POSIX termios
 * names (VINTR, ICRNL, ECHO, …), so modes are matched by name; modes jline does not know are ignored.
 */
final class PtyAttributes {

    static final Size DEFAULT_SIZE = new Size(80, 24);

    private PtyAttributes() {
    }

    static Attributes apply(Attributes attributes, Map<PtyMode, Integer> modes) {
        modes.forEach((mode, value) -> {
            String name = mode.name();
            boolean on = value != null && value != 0;
            if (constant(ControlChar.class, name).map(c -> set(attributes, c, value)).isPresent()) {
                return;
            }
            constant(InputFlag.class, name).ifPresent(f -> attributes.setInputFlag(f, on));
            constant(OutputFlag.class, name).ifPresent(f -> attributes.setOutputFlag(f, on));
            constant(LocalFlag.class, name).ifPresent(f -> attributes.setLocalFlag(f, on));
            constant(ControlFlag.class, name).ifPresent(f -> attributes.setControlFlag(f, on));
        });
        return attributes;
    }

    /** Columns and lines from the client's environment; OpenSSH sends 0x0 when it has no terminal size. */
    static Size size(Map<String, String> env) {
        int columns = positive(env.get("COLUMNS"));
        int lines = positive(env.get("LINES"));
        return columns > 0 && lines > 0 ? new Size(columns, lines) : DEFAULT_SIZE;
    }

    private static ControlChar set(Attributes attributes, ControlChar c, Integer value) {
        if (value != null) {
            attributes.setControlChar(c, value);
        }
        return c;
    }

    private static int positive(String s) {
        try {
            return s == null ? 0 : Math.max(0, Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static <E extends Enum<E>> Optional<E> constant(Class<E> type, String name) {
        try {
            return Optional.of(Enum.valueOf(type, name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
