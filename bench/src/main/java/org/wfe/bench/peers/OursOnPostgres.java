package org.wfe.bench.peers;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.postgresql.ds.PGSimpleDataSource;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.tasklet.TaskletProperties;
import org.wfe.drp.impl.Repository;
import org.wfe.job.controller.impl.JobControllerImpl;
import org.wfe.job.controller.impl.Settings;
import org.wfe.tasklet.engine.impl.ActionEngine;

/**
 * Our side of the comparison, in the same run and on the same PostgreSQL: the tasklet engine, the job
 * controller and the repository outside OSGi (as {@code ./wfe bench actions} wires them, there on H2), one
 * no-op tasklet; all actions fired from one thread ({@code wait=false}), then waited for. A unit is one
 * action: its job row created, started and DONE, durable. One engine process: cluster mode is not there yet.
 */
final class OursOnPostgres {

    private OursOnPostgres() {
    }

    /** Persisted no-op actions per second, after a warm-up of a tenth as many. */
    static double noopActionsPerSecond(PeerDatabase.Location server, int units) throws Exception {
        String db = "wfe_peer_ours_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        try {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(server.url().substring(0, server.url().lastIndexOf('/') + 1) + db);
            ds.setUser(server.user());
            ds.setPassword(server.password());
            ds.setReWriteBatchedInserts(true);
            Repository repo = Repository.open(ds, Repository.Settings.defaults("postgresql", "peers bench"), List.of("machine"));
            JobControllerImpl jobs = new JobControllerImpl(repo, Settings.DEFAULTS);
            ActionEngine engine = ActionEngine.standalone(jobs, () -> repo);
            try {
                engine.register(c -> { }, Map.of(TaskletProperties.ACTOR, "bench", TaskletProperties.ACTION, new String[] {"noop"}));
                run(engine, Math.max(1, units / 10));
                long t0 = System.nanoTime();
                int done = run(engine, units);
                double rate = units / ((System.nanoTime() - t0) / 1e9);
                if (done != units) {
                    throw new IllegalStateException(done + " of " + units + " actions ended");
                }
                return rate;
            } finally {
                engine.close();
                jobs.deactivate();
                repo.close();
            }
        } finally {
            try (Connection c = server.connect(); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    private static int run(ActionEngine engine, int n) {
        ExecutionParams noWait = ExecutionParams.defaults().withWait(false);
        List<String> guids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            guids.add(engine.startActorAction("bench", "noop", Map.of("i", i), noWait, null).jobGuid());
        }
        return engine.waitForActions(guids, Duration.ofMinutes(10)).size();
    }
}
