package org.wfe.drp.impl;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.wfe.api.drp.JobLostException;

/**
 * Applies one batch inside the writer's open transaction. Root objects go one by one in queue order (each
 * checks its version); job saves and log lines go as JDBC batches, which is where the volume is.
 */
final class Applier {

    private Applier() {
    }

    /**
     * @return per write, its result (saved object, deleted flag, null) or the exception it fails with
     *         without failing the batch (a stale version)
     */
    static Object[] apply(Connection c, List<Write> ws, Instant now) throws SQLException {
        return apply(c, ws, now, null);
    }

    /** With {@code own} (cluster mode) each job write is conditioned on this node's ownership of the job. */
    static Object[] apply(Connection c, List<Write> ws, Instant now, Ownership own) throws SQLException {
        Object[] out = new Object[ws.size()];
        List<Write.SaveJob> jobs = new ArrayList<>();
        List<Write.AppendLog> logs = new ArrayList<>();
        List<Integer> purges = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            switch (ws.get(i)) {
                case Write.SaveObject s -> out[i] = ObjectSql.save(c, s, now);
                case Write.DeleteObject d -> out[i] = ObjectSql.delete(c, d);
                case Write.SaveJob j -> jobs.add(j);
                case Write.AppendLog l -> logs.add(l);
                case Write.PurgeTrees p -> purges.add(i);
            }
        }
        if (own == null) {
            JobSql.saveAll(c, jobs);
        } else {
            Map<String, JobLostException> lost = JobSql.saveOwned(c, jobs, own);
            for (int i = 0; i < out.length && !lost.isEmpty(); i++) {
                if (ws.get(i) instanceof Write.SaveJob j && lost.containsKey(j.job().guid())) {
                    out[i] = lost.get(j.job().guid()); // fails this write only: the node lost the job
                }
            }
        }
        JobSql.appendAll(c, logs);
        // after the saves of this batch, so a tree that just gained a running job is seen as busy
        for (int i : purges) {
            out[i] = PurgeSql.delete(c, ((Write.PurgeTrees) ws.get(i)).rootGuids());
        }
        return out;
    }
}
