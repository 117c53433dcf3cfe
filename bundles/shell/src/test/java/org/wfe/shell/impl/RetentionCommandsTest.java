package org.wfe.shell.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wfe.api.retention.PurgeReport;
import org.wfe.api.retention.Retention;
import org.wfe.api.user.Audit;

/** wfe:purge and wfe:retention through a real Gogo session: options, output, and the audit line of a real purge. */
class RetentionCommandsTest {

    final List<String> trail = new CopyOnWriteArrayList<>();
    final List<Boolean> runs = new CopyOnWriteArrayList<>();
    volatile PurgeReport last;
    volatile RuntimeException failWith;
    final ThreadIOImpl tio = new ThreadIOImpl();
    final CommandSession session;

    RetentionCommandsTest() {
        RetentionCommands commands = new RetentionCommands();
        commands.retention = new Retention() {
            @Override
            public PurgeReport purge(boolean dryRun, String trigger) {
                runs.add(dryRun);
                if (failWith != null) {
                    throw failWith;
                }
                Instant t = Instant.parse("2026-12-04T10:00:00Z");
                last = new PurgeReport(trigger, dryRun, t, t.plusMillis(1500), t.minusSeconds(86_400), 7, 21, dryRun ? 0 : 2, 4,
                        1, null);
                return last;
            }

            @Override
            public Optional<PurgeReport> lastPurge() {
                return Optional.ofNullable(last);
            }

            @Override
            public String policy() {
                return "maxAge=1d maxJobs=off batchSize=4 interval=10m";
            }
        };
        commands.audit = new Audit() {
            @Override
            public void record(String user, String source, String what) {
                trail.add(user + " " + source + " " + what);
            }

            @Override
            public List<String> tail(int n) {
                return trail;
            }
        };
        tio.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(tio);
        processor.addCommand("wfe", commands, "purge");
        processor.addCommand("wfe", commands, "retention");
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
    }

    @AfterEach
    void stop() {
        session.close();
        tio.stop();
    }

    @Test
    void aDryRunCountsAndLeavesNoAuditLine() throws Exception {
        Map<?, ?> m = (Map<?, ?>) session.execute("wfe:purge --dry-run");
        assertEquals(List.of(true), runs);
        assertEquals(7L, m.get("jobs"));
        assertEquals(true, m.get("dryRun"));
        assertEquals(1.5, m.get("seconds"));
        assertEquals(List.of(), trail, "a dry run changes nothing");
    }

    @Test
    void aPurgeByHandIsAuditedWithItsOutcome() throws Exception {
        String json = (String) session.execute("wfe:purge --json");
        assertTrue(json.contains("\"jobs\":7") && json.contains("\"trigger\":\"local\""), json);
        assertEquals(List.of("local console gogo purge jobs=7 logLines=21 (maxAge=1d maxJobs=off batchSize=4 interval=10m)"),
                trail);
        Map<?, ?> status = (Map<?, ?>) session.execute("wfe:retention");
        assertEquals("maxAge=1d maxJobs=off batchSize=4 interval=10m", status.get("policy"));
        assertEquals(2, ((Map<?, ?>) status.get("lastPurge")).get("batches"));
    }

    @Test
    void aFailedPurgeIsAuditedToo() {
        failWith = new IllegalStateException("the job store is not this bundle's repository");
        assertThrows(IllegalStateException.class, () -> session.execute("wfe:purge"));
        assertEquals(1, trail.size());
        assertTrue(trail.getFirst().contains("gogo purge failed"), trail.toString());
    }

    @Test
    void anUnknownOptionIsRefused() {
        assertThrows(Exception.class, () -> session.execute("wfe:purge --dry"));
        assertEquals(List.of(), runs);
    }
}
