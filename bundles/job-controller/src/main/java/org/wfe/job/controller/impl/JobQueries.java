package org.wfe.job.controller.impl;

import java.util.Comparator;

import org.wfe.api.job.Job;
import org.wfe.api.job.JobQuery;

/** {@link JobQuery} applied to jobs in memory, the same way the store applies it to its rows. */
final class JobQueries {

    static final Comparator<Job> NEWEST_FIRST = Comparator.comparing(Job::createTime).reversed().thenComparing(Job::guid);

    static boolean matches(JobQuery q, Job j) {
        if (q.status() != null && q.status() != j.status()) {
            return false;
        }
        if (q.actionName() != null) {
            String a = q.actionName();
            boolean ok = a.endsWith("*") ? j.actionName().startsWith(a.substring(0, a.length() - 1)) : a.equals(j.actionName());
            if (!ok) {
                return false;
            }
        }
        if (q.agentGuid() != null && !q.agentGuid().equals(j.agentGuid())) {
            return false;
        }
        if (q.since() != null && j.createTime().isBefore(q.since())) {
            return false;
        }
        if (q.until() != null && !j.createTime().isBefore(q.until())) {
            return false;
        }
        return !q.rootsOnly() || j.parentGuid() == null;
    }

    private JobQueries() {
    }
}
