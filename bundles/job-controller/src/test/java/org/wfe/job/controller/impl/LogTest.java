package org.wfe.job.controller.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogLevel;
import org.wfe.api.job.LogLine;

class LogTest {

    final MemJobStore store = new MemJobStore();
    final JobControllerImpl jobs = new JobControllerImpl(store, new Settings(86_400, 2_000));

    @AfterEach
    void stop() {
        jobs.deactivate();
    }

    @Test
    void linesAreNumberedStoredInGroupsAndCompleteWhenTheJobEnds() {
        Job j = jobs.createJob(null, "a.b", null, null, null);
        jobs.start(j.guid());
        for (int i = 0; i < 50; i++) {
            jobs.log(j.guid(), LogLevel.INFO, "test", "line " + i);
        }
        // readable at once, whether or not the writer has handed them over yet
        List<LogLine> read = jobs.log(j.guid(), 10, 5);
        assertEquals(List.of(10L, 11L, 12L, 13L, 14L), read.stream().map(LogLine::seq).toList());
        assertEquals("line 10", read.getFirst().message());
        jobs.done(j.guid(), null);
        // done() returned: every line is in the store, no gap
        List<LogLine> stored = store.log(j.guid(), 0, 1000);
        assertEquals(50, stored.size());
        for (int i = 0; i < 50; i++) {
            assertEquals(i, stored.get(i).seq());
        }
        assertTrue(store.logCalls.get() <= 50, "lines go to the store in groups");
        assertEquals(50, jobs.log(j.guid(), 0, 1000).size());
    }

    @Test
    void theCapEndsInOneTruncationLineAndTheJobGoesOn() {
        Job j = jobs.createJob(null, "a.b", null, null, null);
        jobs.start(j.guid());
        String hundred = "x".repeat(100);
        for (int i = 0; i < 100; i++) {
            jobs.log(j.guid(), LogLevel.INFO, "test", hundred); // 10,000 bytes against a 2,000 byte cap
        }
        jobs.log(j.guid(), LogLevel.ERROR, "test", "é".repeat(10));
        Job done = jobs.done(j.guid(), "still fine");
        assertEquals(JobStatus.DONE, done.status());
        List<LogLine> lines = jobs.log(j.guid(), 0, 1000);
        assertEquals(21, lines.size(), "20 lines of 100 bytes fit, then one truncation line");
        long truncations = lines.stream().filter(l -> l.message().startsWith("log truncated: ")).count();
        assertEquals(1, truncations);
        assertTrue(lines.getLast().message().startsWith("log truncated: "), lines.getLast().message());
        assertEquals(LogLevel.WARN, lines.getLast().level());
    }

    @Test
    void emptyLinesCountAgainstTheLineCap() {
        JobControllerImpl capped = new JobControllerImpl(store, new Settings(86_400, 1_048_576, 100));
        try {
            Job j = capped.createJob(null, "a.b", null, null, null);
            capped.start(j.guid());
            for (int i = 0; i < 5_000; i++) {
                capped.log(j.guid(), LogLevel.INFO, "agent:rogue", ""); // free of bytes, but each one a row
            }
            capped.done(j.guid(), null);
            List<LogLine> stored = store.log(j.guid(), 0, 10_000);
            assertEquals(100, stored.size(), "99 lines, then the truncation line");
            assertEquals("log truncated: the job's log reached its cap of 100 lines; later lines are dropped", stored.getLast().message());
        } finally {
            capped.deactivate();
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Settings(86_400, 1_048_576, 1));
        assertTrue(e.getMessage().contains("logCapLines"), e.getMessage());
    }

    @Test
    void linesHandedOverButNotAcknowledgedStayReadable() {
        Job j = jobs.createJob(null, "a.b", null, null, null);
        store.hold(true);
        try {
            for (int i = 0; i < 5; i++) {
                jobs.log(j.guid(), LogLevel.INFO, "test", "held " + i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> store.heldWrites() > 0);
            assertEquals(0, store.logSize(j.guid()), "the store has not applied them");
            assertEquals(List.of("held 1", "held 2", "held 3"), jobs.log(j.guid(), 1, 3).stream().map(LogLine::message).toList());
        } finally {
            store.hold(false);
            store.release();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> store.logSize(j.guid()) == 5);
        assertEquals(5, jobs.log(j.guid(), 0, 100).size(), "no line twice once the store has them");
    }

    @Test
    void utf8BytesAreCounted() {
        assertEquals(3, LogWriter.utf8Length("abc"));
        assertEquals(2, LogWriter.utf8Length("é"));
        assertEquals(3, LogWriter.utf8Length("€"));
        assertEquals(4, LogWriter.utf8Length("😀"));
    }

    @Test
    void theWriterHandsLinesOverWithoutAFinalState() {
        Job j = jobs.createJob(null, "a.b", null, null, null);
        jobs.log(j.guid(), LogLevel.DEBUG, null, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.logSize(j.guid()) == 1);
        LogLine l = store.log(j.guid(), 0, 1).getFirst();
        assertEquals("", l.message());
        assertEquals(LogLevel.DEBUG, l.level());
    }
}
