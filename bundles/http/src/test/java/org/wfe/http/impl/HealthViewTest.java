package org.wfe.http.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wfe.api.health.HealthReport;
import org.wfe.api.health.HealthReport.Check;
import org.wfe.api.health.HealthReport.Status;

/** GET /wfe/api/v1/health: liveness without credentials, details with them (issue 20, Health). */
class HealthViewTest {

    private static final HealthReport DOWN = new HealthReport(Status.CRITICAL, Instant.EPOCH,
            List.of(new Check("store", Status.CRITICAL, "the postgresql store at jdbc:postgresql://10.0.0.5/wfe is unreachable", false)));

    @Test
    void withoutCredentialsOnlyTheStatusAndTheHttpCode() {
        HealthView.Answer a = HealthView.answer(() -> DOWN, false);
        assertEquals(503, a.status());
        assertEquals(Map.of("status", "CRITICAL"), a.body());
        assertFalse(a.body().toString().contains("10.0.0.5"), "the store's address is not for anonymous callers");
        HealthView.Answer ok = HealthView.answer(() -> new HealthReport(Status.WARN, Instant.EPOCH, List.of()), false);
        assertEquals(200, ok.status(), "WARN is ready");
    }

    @Test
    void withCredentialsEveryCheck() {
        HealthView.Answer a = HealthView.answer(() -> DOWN, true);
        assertEquals(503, a.status());
        assertTrue(a.body().get("checks").toString().contains("unreachable"), a.body().toString());
    }

    @Test
    void noHealthServiceIsUnknownAnd503() {
        assertEquals(503, HealthView.answer(null, false).status());
        assertEquals("UNKNOWN", HealthView.answer(() -> {
            throw new IllegalStateException("executor gone");
        }, true).body().get("status"));
    }
}
