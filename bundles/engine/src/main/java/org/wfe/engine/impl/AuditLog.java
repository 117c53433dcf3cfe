package org.wfe.engine.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.user.Audit;

/**
 * The audit trail as an append-only file, {@code var/log/audit.log} (0600), one line per event:
 * {@code TIME user=NAME source=ADDRESS WHAT}. A plain file survives restarts and store changes, and operators
 * read it with {@code tail} or {@code wfe:audit}. Control characters in any field are escaped, so text from a
 * client (a user name, a PID) can never forge a line.
 */
@Component(service = Audit.class)
public class AuditLog implements Audit {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private Path file;
    private Clock clock = Clock.systemUTC();

    @Activate
    void activate(BundleContext ctx) {
        file = Home.of(ctx).root().resolve("var/log/audit.log");
    }

    static AuditLog at(Path file, Clock clock) {
        AuditLog a = new AuditLog();
        a.file = file;
        a.clock = clock;
        return a;
    }

    @Override
    public void record(String user, String source, String what) {
        String line = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS) + " user=" + token(user) + " source="
                + token(source) + " " + escape(what);
        LOG.debug("audit: {}", line); // debug: a command run over SSH would print it into its output
        synchronized (this) {
            try {
                if (!Files.exists(file)) {
                    Files.createDirectories(file.getParent());
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                }
                Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            } catch (IOException e) {
                LOG.error("cannot append to the audit log {}: {} (event: {})", file, e.toString(), line);
            }
        }
    }

    @Override
    public List<String> tail(int n) {
        ArrayDeque<String> last = new ArrayDeque<>();
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.forEach(l -> {
                last.addLast(l);
                if (last.size() > Math.max(0, n)) {
                    last.removeFirst();
                }
            });
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalStateException("cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
        return List.copyOf(last);
    }

    /** One word: blanks and control characters escaped, {@code -} for none. */
    static String token(String s) {
        return s == null || s.isEmpty() ? "-" : escape(s).replace(" ", "\\x20");
    }

    /** Control characters (line breaks included) as {@code \xNN}, backslashes doubled. */
    static String escape(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c == '\\') {
                sb.append("\\\\");
            } else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
