package org.wfe.engine.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.wfe.api.action.TaskletInfo;
import org.wfe.api.health.HealthReport;
import org.wfe.api.health.HealthReport.Check;
import org.wfe.api.health.HealthReport.Status;

/** The engine bundle's health checks and how Felix's results become the engine's verdict (issue 20, Health). */
class HealthChecksTest {

    private static String message(Result r) {
        return r.iterator().next().getMessage();
    }

    @Test
    void anEngineBundleNotActiveIsCriticalADeployedOneAWarn() {
        assertEquals(Result.Status.OK, BundlesCheck.judge(List.of(new BundlesCheck.Seen("a 1", Bundle.ACTIVE, false, false),
                new BundlesCheck.Seen("frag 1", Bundle.RESOLVED, true, false))).getStatus());
        Result deployed = BundlesCheck.judge(List.of(new BundlesCheck.Seen("t 1", Bundle.INSTALLED, false, true)));
        assertEquals(Result.Status.WARN, deployed.getStatus());
        assertTrue(message(deployed).contains("t 1 (installed)"), message(deployed));
        Result engine = BundlesCheck.judge(List.of(new BundlesCheck.Seen("org.wfe.drp 0.1", Bundle.RESOLVED, false, false)));
        assertEquals(Result.Status.CRITICAL, engine.getStatus());
        assertTrue(message(engine).contains("org.wfe.drp 0.1 (resolved)"), message(engine));
    }

    @Test
    void aBrokenTaskletIsAWarnNamingItsBundleAndProblem() {
        TaskletInfo ok = new TaskletInfo("actor", "hello", List.of("greet"), 0, "a.Hello", "hello 1", 7, "active", null);
        TaskletInfo broken = new TaskletInfo("actor", "x", List.of(), 0, "b.Broken", "broken-activate 1", 8, "broken", "activate threw");
        assertEquals(Result.Status.OK, TaskletsCheck.judge(List.of(ok)).getStatus());
        Result r = TaskletsCheck.judge(List.of(ok, broken));
        assertEquals(Result.Status.WARN, r.getStatus());
        assertTrue(message(r).contains("b.Broken in bundle broken-activate 1: activate threw"), message(r));
        assertEquals(Result.Status.TEMPORARILY_UNAVAILABLE, TaskletsCheck.judge(null).getStatus());
    }

    @Test
    void controlCharactersInAMessageAreEscapedOnce() {
        Check c = HealthService.check("tasklets", new Result(Result.Status.WARN, "boom\nhealth.ready=true\u001b[2J"));
        assertEquals("boom\\nhealth.ready=true\\u001b[2J", c.message());
    }

    @Test
    void recentReusesAReportUnderASecondOldSoAnonymousCallersCannotDriveTheProbes() {
        int[] runs = {0};
        HealthService s = new HealthService(new HealthCheckExecutor() {
            @Override
            public List<HealthCheckExecutionResult> execute(HealthCheckSelector selector) {
                return execute(selector, null);
            }

            @Override
            public List<HealthCheckExecutionResult> execute(HealthCheckSelector selector, HealthCheckExecutionOptions options) {
                runs[0]++;
                return List.of();
            }
        });
        s.recent();
        s.recent();
        assertEquals(1, runs[0]);
        s.report();
        assertEquals(2, runs[0], "report() always runs the checks");
    }

    @Test
    void felixStatusesBecomeOursAndTheWorstWins() {
        assertEquals(new Check("s", Status.CRITICAL, "opening", true),
                HealthService.check("s", new Result(Result.Status.TEMPORARILY_UNAVAILABLE, "opening")));
        assertEquals(Status.CRITICAL, HealthService.check("s", new Result(Result.Status.HEALTH_CHECK_ERROR, "threw")).status());
        HealthReport r = HealthService.report(List.of(new Check("b", Status.WARN, "w", false), new Check("a", Status.OK, "o", false)),
                Instant.EPOCH);
        assertEquals(Status.WARN, r.status());
        assertTrue(r.ready());
        assertEquals(List.of("a", "b"), r.checks().stream().map(Check::name).toList());
        assertEquals(List.of("b"), r.failing().stream().map(Check::name).toList());
        HealthReport pending = HealthService.report(List.of(new Check("store", Status.CRITICAL, "opening", true)), Instant.EPOCH);
        assertFalse(pending.ready());
        assertTrue(pending.settling(), "only pending checks: worth waiting for");
        HealthReport refused = HealthService.report(List.of(new Check("store", Status.CRITICAL, "opening", true),
                new Check("x", Status.CRITICAL, "refused", false)), Instant.EPOCH);
        assertFalse(refused.settling(), "a decided CRITICAL: no use waiting");
        assertEquals(Status.OK, HealthService.report(List.of(), Instant.EPOCH).status());
    }
}
