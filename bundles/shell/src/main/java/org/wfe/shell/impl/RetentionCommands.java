package org.wfe.shell.impl;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.wfe.api.retention.PurgeReport;
import org.wfe.api.retention.Retention;
import org.wfe.api.user.Audit;

/** {@code wfe:purge} and {@code wfe:retention}: the purge of old finished jobs, by hand and its last run. */
@Component(service = RetentionCommands.class, property = {
        "osgi.command.scope=wfe", "osgi.command.function=purge", "osgi.command.function=retention" })
public class RetentionCommands {

    static final String HELP_PURGE = "purges finished job trees (with their logs) older than maxAge or beyond maxJobs of"
            + " org.wfe.retention now; --dry-run only counts them";
    static final String HELP_RETENTION = "shows the retention policy and the last purge (scheduled or by hand)";

    @Reference
    Retention retention;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Audit audit;

    @Descriptor(HELP_PURGE)
    public Object purge(
            @Descriptor("count, delete nothing") @Parameter(names = "--dry-run", presentValue = "true", absentValue = "false") boolean dryRun,
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        PurgeReport r = null;
        try {
            r = retention.purge(dryRun, ShellUser.current());
        } finally { // a purge that failed half-way deleted jobs too: it is on the trail either way
            if (!dryRun) {
                ShellUser.audit(audit, "purge " + (r == null ? "failed" : "jobs=" + r.jobs() + " logLines=" + r.logLines()
                        + (r.error() == null ? "" : " stopped: " + r.error())) + " (" + retention.policy() + ")");
            }
        }
        Map<String, Object> m = row(r);
        return json ? ShellJson.write(m) : m;
    }

    @Descriptor(HELP_RETENTION)
    public Object retention(
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", retention.policy());
        m.put("lastPurge", retention.lastPurge().map(RetentionCommands::row).orElse(null));
        return json ? ShellJson.write(m) : m;
    }

    static Map<String, Object> row(PurgeReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trigger", r.trigger());
        m.put("dryRun", r.dryRun());
        m.put("started", r.started());
        m.put("seconds", (r.finished().toEpochMilli() - r.started().toEpochMilli()) / 1000.0);
        m.put("cutoff", r.cutoff());
        m.put("jobs", r.jobs());
        m.put("logLines", r.logLines());
        m.put("batches", r.batches());
        m.put("largestBatch", r.largestBatch());
        m.put("keptUnfinished", r.keptUnfinished());
        m.put("error", r.error());
        return m;
    }
}
