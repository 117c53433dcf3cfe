package org.wfe.agent.controller.impl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.h2.jdbcx.JdbcDataSource;
import org.wfe.api.job.Job;
import org.wfe.drp.impl.Repository;
import org.wfe.job.controller.impl.JobControllerImpl;

/** The real job controller on the real DRP (H2 in a temp dir), plus a running parent job for scripts. */
final class Jobs implements AutoCloseable {

    final Repository repo;
    final JobControllerImpl jobs;

    Jobs(Path dir) throws Exception {
        this(dir, java.time.Duration.ZERO);
    }

    /** With a recovery grace: script jobs a previous controller left RUNNING wait that long for a JobRecovery. */
    Jobs(Path dir, java.time.Duration recoveryGrace) throws Exception {
        Files.createDirectories(dir);
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("wfe").toAbsolutePath() + ";WRITE_DELAY=0");
        ds.setUser("sa");
        ds.setPassword("");
        repo = Repository.open(ds, Repository.Settings.defaults("h2", dir.toString()), List.of("machine", Acceptance.TYPE, Inventory.TYPE));
        jobs = new JobControllerImpl(repo, org.wfe.job.controller.impl.Settings.DEFAULTS, List.of(), recoveryGrace);
    }

    /** A RUNNING root job, the parent of the scripts a test runs. */
    String parent() {
        Job j = jobs.createJob(null, "test.parent", null, null, null);
        jobs.start(j.guid());
        return j.guid();
    }

    Job only(String parent) {
        List<Job> kids = jobs.children(parent);
        if (kids.size() != 1) {
            throw new AssertionError("expected one child job of " + parent + ", got " + kids);
        }
        return jobs.get(kids.get(0).guid()).orElseThrow();
    }

    String log(String guid) {
        StringBuilder b = new StringBuilder();
        jobs.log(guid, 0, 10_000).forEach(l -> b.append(l.level()).append(' ').append(l.source()).append(": ").append(l.message()).append('\n'));
        return b.toString();
    }

    /** The engine dies: the store closes, nothing ends the jobs it held. */
    void crash() {
        repo.close();
    }

    @Override
    public void close() {
        jobs.deactivate();
        repo.close();
    }
}
