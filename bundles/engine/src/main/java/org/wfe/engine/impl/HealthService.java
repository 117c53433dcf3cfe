package org.wfe.engine.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.wfe.api.health.EngineHealth;
import org.wfe.api.health.HealthReport;
import org.wfe.api.health.HealthReport.Check;
import org.wfe.api.health.HealthReport.Status;
import org.wfe.api.job.LogText;

/**
 * {@link EngineHealth} through Felix Health Checks: every {@code HealthCheck} service tagged {@code wfe}
 * (each registered by the bundle whose data it judges) run by the Felix executor, which times out a hung
 * check. Every report runs the checks afresh (they read in-memory state: cheap): Felix's result cache would
 * hand the launcher a verdict from before the last bundle started.
 */
@Component
public class HealthService implements EngineHealth {

    private static final HealthCheckExecutionOptions FRESH = new HealthCheckExecutionOptions().setForceInstantExecution(true);
    private static final Duration RECENT = Duration.ofSeconds(1);
    private final HealthCheckExecutor executor;
    private volatile HealthReport last;

    @Activate
    public HealthService(@Reference HealthCheckExecutor executor) {
        this.executor = executor;
    }

    @Override
    public HealthReport report() {
        List<Check> checks = new ArrayList<>();
        for (HealthCheckExecutionResult r : executor.execute(HealthCheckSelector.tags(TAG), FRESH)) {
            checks.add(check(r.getHealthCheckMetadata().getName(), r.getHealthCheckResult()));
        }
        HealthReport r = report(checks, Instant.now());
        last = r;
        return r;
    }

    @Override
    public HealthReport recent() {
        HealthReport r = last;
        return r != null && r.at().isAfter(Instant.now().minus(RECENT)) ? r : report();
    }

    static HealthReport report(List<Check> checks, Instant at) {
        List<Check> sorted = checks.stream().sorted(Comparator.comparing(Check::name)).toList();
        Status overall = Status.OK;
        for (Check c : sorted) {
            overall = overall.worse(c.status());
        }
        return new HealthReport(overall, at, sorted);
    }

    /**
     * Felix's five statuses in our three. Messages are escaped once here (control characters as {@code \\n},
     * {@code \\u001b}): a tasklet's exception text reaches the status file and the operator's terminal.
     */
    static Check check(String name, Result r) {
        Check c = unescaped(name, r);
        return new Check(c.name(), c.status(), LogText.escape(c.message()), c.pending());
    }

    /** Felix's five statuses in our three: "temporarily unavailable" is a pending CRITICAL, a check error CRITICAL. */
    private static Check unescaped(String name, Result r) {
        StringJoiner message = new StringJoiner("; ");
        for (ResultLog.Entry e : r) {
            if (!e.isDebug() && e.getMessage() != null && !e.getMessage().isBlank()) {
                message.add(e.getMessage());
            }
        }
        return switch (r.getStatus()) {
            case OK -> new Check(name, Status.OK, message.toString(), false);
            case WARN -> new Check(name, Status.WARN, message.toString(), false);
            case TEMPORARILY_UNAVAILABLE -> new Check(name, Status.CRITICAL, message.toString(), true);
            default -> new Check(name, Status.CRITICAL, message.toString(), false);
        };
    }
}
