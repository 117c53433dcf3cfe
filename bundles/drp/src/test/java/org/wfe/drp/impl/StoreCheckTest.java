package org.wfe.drp.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;
import org.wfe.api.drp.DrpStatus;

/** The store and writer health checks' verdicts (issue 20, Health). */
class StoreCheckTest {

    private static DrpStatus status(boolean up, String error) {
        return new DrpStatus("postgresql", "jdbc:postgresql://127.0.0.1:5/wfe", up, error, 0, 0, 0, 0, 2);
    }

    private static String message(Result r) {
        return r.iterator().next().getMessage();
    }

    @Test
    void anOpenStoreThatAnswersIsOk() {
        Result r = StoreCheck.judge(new StoreCheck.View("postgresql", "jdbc:postgresql://127.0.0.1:5/wfe", status(true, null), null, null, null));
        assertEquals(Result.Status.OK, r.getStatus());
        assertTrue(message(r).contains("up (schema V2)"), message(r));
    }

    @Test
    void anOpenStoreThatStoppedAnsweringIsCriticalWithItsError() {
        Result r = StoreCheck.judge(new StoreCheck.View("postgresql", "jdbc:x", status(false, "Connection refused"), null, null, null));
        assertEquals(Result.Status.CRITICAL, r.getStatus());
        assertTrue(message(r).contains("unreachable") && message(r).contains("Connection refused"), message(r));
    }

    @Test
    void anIdleStoreThatNoLongerAnswersAReadIsCritical() {
        Result r = StoreCheck.judge(new StoreCheck.View("postgresql", "jdbc:x", status(true, null), null, null, "Connection refused"));
        assertEquals(Result.Status.CRITICAL, r.getStatus());
        assertTrue(message(r).contains("does not answer: Connection refused"), message(r));
    }

    @Test
    void aStoreStillBeingOpenedIsPendingAndARefusedOneCritical() {
        Result opening = StoreCheck.judge(new StoreCheck.View("h2", "/x/db", null, "cannot open it (attempt 3): refused", null, null));
        assertEquals(Result.Status.TEMPORARILY_UNAVAILABLE, opening.getStatus());
        assertTrue(message(opening).contains("attempt 3"), message(opening));
        Result refused = StoreCheck.judge(new StoreCheck.View("h2", "/x/db", null, null, "schema version 999 ... refusing to start", null));
        assertEquals(Result.Status.CRITICAL, refused.getStatus());
        assertTrue(message(refused).contains("refusing to start"), message(refused));
    }

    @Test
    void theWriterIsCriticalWhenFullOrStuckAndWarnsWhenFallingBehind() {
        assertEquals(Result.Status.OK, WriterCheck.judge(new WriterCheck.State(3, 100, true, Duration.ofMillis(50))).getStatus());
        assertEquals(Result.Status.OK, WriterCheck.judge(null).getStatus(), "no repository: the store check says why");
        assertEquals(Result.Status.OK, WriterCheck.judge(new WriterCheck.State(100, 100, false, Duration.ofMinutes(5))).getStatus(),
                "a store that is down is the store check's verdict");
        Result full = WriterCheck.judge(new WriterCheck.State(100, 100, true, Duration.ofMillis(1)));
        assertEquals(Result.Status.CRITICAL, full.getStatus());
        assertTrue(message(full).contains("full"), message(full));
        Result stuck = WriterCheck.judge(new WriterCheck.State(5, 100, true, WriterCheck.STUCK.plusSeconds(1)));
        assertEquals(Result.Status.CRITICAL, stuck.getStatus());
        assertTrue(message(stuck).contains("stuck"), message(stuck));
        assertEquals(Result.Status.OK, WriterCheck.judge(new WriterCheck.State(0, 100, true, Duration.ofHours(1))).getStatus(),
                "an idle writer with nothing queued is not stuck");
        assertEquals(Result.Status.WARN, WriterCheck.judge(new WriterCheck.State(85, 100, true, Duration.ofMillis(1))).getStatus());
    }
}
