package org.wfe.drp.impl;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
        JobSql.saveAll(c, jobs);
        JobSql.appendAll(c, logs);
        // after the saves of this batch, so a tree that just gained a running job is seen as busy
        for (int i : purges) {
            out[i] = PurgeSql.delete(c, ((Write.PurgeTrees) ws.get(i)).rootGuids());
        }
        return out;
    }
}
