package org.wfe.agent.controller.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.agent.daemon.AgentConfig;
import org.wfe.agent.swarm.Swarm;
import org.wfe.api.agent.ScriptResult;
import org.wfe.api.job.JobStatus;

/**
 * A swarm (many agents in one JVM, the daemon's own code, each its own XMPP session) against the real
 * controller and the real Prosody: all come online, and each runs a real script that says where it ran.
 */
class SwarmTest {

    static final int AGENTS = 20;

    @TempDir
    Path dir;

    @Test
    void twentyAgentsInOneJvmComeOnlineAndEachRunsAScript() throws Exception {
        Xmpp x = Xmpp.require();
        // fresh accounts per run: empty rosters, nobody else's subscriptions
        String prefix = "swarm" + Long.toHexString(System.nanoTime()) + "x";
        List<String> users = Swarm.users(prefix, AGENTS);
        String password = x.registerMany(users);
        Properties p = new Properties();
        p.putAll(Map.of("xmppserver", x.host, "port", Integer.toString(x.port), "domain", x.domain, "user", prefix,
                "password", password, "controller", "controller", "tls", "disabled", "workdir", dir.resolve("agents").toString()));
        try (Jobs jobs = new Jobs(dir.resolve("db"));
                Controller ac = new Controller(jobs.jobs, Settings.localOnly(dir.resolve("local")).withXmpp(x.controller()));
                Swarm swarm = Swarm.start(AgentConfig.of(p), prefix, AGENTS)) {
            users.forEach(ac::accept);
            await().atMost(Duration.ofSeconds(60)).until(() -> ac.agents().stream()
                    .filter(a -> a.guid().startsWith(prefix) && a.online()).count() == AGENTS);
            assertEquals(AGENTS, swarm.online());
            String parent = jobs.parent();
            Map<String, ScriptResult> results = new ConcurrentHashMap<>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (String u : users) {
                    pool.submit(() -> results.put(u, ac.executeScript(u, "test.swarm.where", "echo \"ran in $PWD\"", Map.of(), null, parent)));
                }
            }
            assertEquals(AGENTS, results.size(), "every agent gave a result");
            results.forEach((u, r) -> {
                assertEquals(0, r.exitCode(), u + ": " + r.stderr());
                // each agent's scripts run under its own work folder: the result came from that agent
                assertTrue(r.stdout().contains(dir.resolve("agents").resolve(u).toString()), u + " ran in: " + r.stdout());
                assertEquals(JobStatus.DONE, jobs.jobs.get(r.jobGuid()).orElseThrow().status());
            });
        }
    }
}
