package org.wfe.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Schedules with real engine processes: fire times missed while the engine was stopped are skipped or made up
 * for by one fire, per schedule; two engines on one PostgreSQL fire each fire time once.
 */
class ScheduleFaultTest {

    private static List<JsonNode> fires(Engine e, String name) throws Exception {
        WfeCommand.Result r = e.wfe("exec", "wfe:schedule --json show " + name);
        assertEquals(0, r.exit(), r.all());
        List<JsonNode> out = new ArrayList<>();
        Engine.JSON.readTree(r.out()).get("lastFires").forEach(out::add);
        return out; // newest first
    }

    private static long firesSince(Engine e, String name, Instant t) throws Exception {
        return fires(e, name).stream().filter(f -> Instant.parse(f.get("fireTime").asText()).isAfter(t)).count();
    }

    @Test
    void firesMissedWhileTheEngineWasDownAreSkippedOrFiredOnce() throws Exception {
        Path home = Files.createTempDirectory("wfe-schedule-test");
        try (Engine engine = Engine.start(home, Engine.DEFAULT_DEPLOY)) {
            for (String[] s : new String[][] {{"skipper", "skip"}, {"catcher", "fire-once"}}) {
                WfeCommand.Result add = engine.wfe("exec", "wfe:schedule --every 1s --misfire " + s[1] + " add " + s[0]
                        + " hello greet name=" + s[0]);
                assertEquals(0, add.exit(), add.all());
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> fires(engine, "skipper").size() >= 3 && fires(engine, "catcher").size() >= 3);
            assertEquals(0, engine.wfe("stop").exit());
            Instant stopped = Instant.now();
            // the downtime is the scenario: wait until it is longer than the 5 s a late fire is still on time
            await().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(30))
                    .until(() -> Instant.now().isAfter(stopped.plusSeconds(8)));
            WfeCommand.Result start = engine.wfe(Duration.ofMinutes(3), "start");
            assertEquals(0, start.exit(), start.all());
            Engine after = Engine.attach(home);
            Instant restarted = Instant.now();
            await().atMost(Duration.ofSeconds(60)).until(() -> firesSince(after, "skipper", restarted) >= 2
                    && firesSince(after, "catcher", restarted) >= 2);

            List<JsonNode> skipper = fires(after, "skipper");
            assertTrue(skipper.stream().noneMatch(f -> f.get("trigger").asText().equals("misfire")), skipper.toString());
            assertTrue(largestGap(skipper).compareTo(Duration.ofSeconds(8)) >= 0, "the downtime's fire times were skipped: " + skipper);

            List<JsonNode> catcher = fires(after, "catcher");
            List<JsonNode> misfires = catcher.stream().filter(f -> f.get("trigger").asText().equals("misfire")).toList();
            assertEquals(1, misfires.size(), "one fire makes up for the downtime: " + catcher);
            Instant made = Instant.parse(misfires.getFirst().get("fireTime").asText());
            assertTrue(made.isAfter(stopped) && made.isBefore(restarted), made + " lies in the downtime");
            String job = misfires.getFirst().get("job").asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> after.jobStatus(job).equals("DONE"));
            Figures.print("an engine stopped for more than 8 s under two 1-second schedules",
                    "misfire skip: no fire for the downtime (largest gap %s); fire-once: exactly one fire for it (%s, job %s DONE)",
                    largestGap(skipper), made, job);
        }
    }

    /** A 2.5 s action every second: overlap skip and queue never run two at once; queue starts the waiting fire later. */
    @Test
    void overlapSkipAndQueueNeverRunTwoAtOnce() throws Exception {
        Path home = Files.createTempDirectory("wfe-schedule-overlap");
        try (Engine engine = Engine.start(home, Engine.DEFAULT_DEPLOY)) {
            for (String o : List.of("skip", "queue")) {
                WfeCommand.Result add = engine.wfe("exec", "wfe:schedule --every 1s --overlap " + o + " add over-" + o
                        + " fixture sleep millis=2500");
                assertEquals(0, add.exit(), add.all());
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> started(engine, "over-skip") >= 3 && started(engine, "over-queue") >= 3);
            for (String o : List.of("skip", "queue")) {
                assertEquals(0, engine.wfe("exec", "wfe:schedule pause over-" + o).exit());
            }
            for (String o : List.of("skip", "queue")) {
                List<JsonNode> fires = fires(engine, "over-" + o);
                Set<String> outcomes = new HashSet<>();
                List<String[]> runs = new ArrayList<>();
                for (JsonNode f : fires) {
                    outcomes.add(f.get("outcome").asText());
                    if (!f.get("job").isNull()) {
                        String job = f.get("job").asText();
                        await().atMost(Duration.ofSeconds(30)).until(() -> engine.jobStatus(job).equals("DONE"));
                        JsonNode j = engine.api("GET", "/jobs/" + job, null).json();
                        runs.add(new String[] {j.get("started").asText(), j.get("ended").asText()});
                    }
                }
                runs.sort(java.util.Comparator.comparing(r -> Instant.parse(r[0])));
                for (int i = 1; i < runs.size(); i++) {
                    assertTrue(!Instant.parse(runs.get(i)[0]).isBefore(Instant.parse(runs.get(i - 1)[1])),
                            "overlap " + o + ": a run started before the previous one ended: " + fires);
                }
                assertTrue(outcomes.contains("skipped"), o + ": " + fires);
                if (o.equals("queue")) {
                    assertTrue(fires.stream().anyMatch(f -> f.get("outcome").asText().equals("started")
                            && f.get("detail").asText("").startsWith("queued behind the run")), "a queued fire was started later: " + fires);
                }
            }
            Figures.print("a 2.5 s action scheduled every second, overlap skip and overlap queue",
                    "never two runs at once; skip recorded the fires it dropped; queue started the waiting fire when the run ended");
        }
    }

    private static long started(Engine e, String name) throws Exception {
        return fires(e, name).stream().filter(f -> !f.get("job").isNull()).count();
    }

    private static Duration largestGap(List<JsonNode> newestFirst) {
        Duration max = Duration.ZERO;
        for (int i = 1; i < newestFirst.size(); i++) {
            Duration d = Duration.between(Instant.parse(newestFirst.get(i).get("fireTime").asText()),
                    Instant.parse(newestFirst.get(i - 1).get("fireTime").asText()));
            max = d.compareTo(max) > 0 ? d : max;
        }
        return max;
    }

    @Test
    void twoEnginesOnOnePostgresFireEachFireTimeOnce() throws Exception {
        String url = System.getenv("WFE_TEST_PG_URL");
        assumeTrue(url != null || System.getenv("CI") != null, "no PostgreSQL: run cnf/services/services.sh start DIR");
        String user = System.getenv("WFE_TEST_PG_USER");
        String password = System.getenv("WFE_TEST_PG_PASSWORD");
        String db = "wfe_sched_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        String dbUrl = url.substring(0, url.lastIndexOf('/') + 1) + db;
        String cfg = "store=postgresql\nurl=" + dbUrl + "\nuser=" + user + "\npassword=" + password + "\n";
        List<Engine> engines = new ArrayList<>();
        try {
            for (String n : List.of("a", "b")) { // both up before the first fire (see the cluster issue: start-up repair)
                Path home = Files.createTempDirectory("wfe-schedule-" + n);
                Files.createDirectories(home.resolve("etc"));
                Files.writeString(home.resolve("etc/org.wfe.drp.cfg"), cfg);
                engines.add(Engine.start(home, Engine.DEFAULT_DEPLOY));
            }
            WfeCommand.Result add = engines.get(0).wfe("exec", "wfe:schedule --every 1s add twice-nothing hello greet name=pair");
            assertEquals(0, add.exit(), add.all());
            try (Connection c = DriverManager.getConnection(dbUrl, user, password)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> count(c, "SELECT COUNT(*) FROM wfe_schedule_fire WHERE job_guid IS NOT NULL") >= 15);
                assertEquals(0, engines.get(1).wfe("exec", "wfe:schedule pause twice-nothing").exit());
                // every claimed fire gets its job; wait for the ones being started at the pause
                await().atMost(Duration.ofSeconds(30)).until(() -> count(c, "SELECT COUNT(*) FROM wfe_schedule_fire WHERE job_guid IS NULL") == 0
                        && count(c, "SELECT COUNT(*) FROM wfe_job WHERE job_name = 'schedule twice-nothing'")
                                == count(c, "SELECT COUNT(*) FROM wfe_schedule_fire"));
                long fires = count(c, "SELECT COUNT(*) FROM wfe_schedule_fire");
                long jobs = count(c, "SELECT COUNT(*) FROM wfe_job WHERE job_name = 'schedule twice-nothing'");
                long distinctJobs = count(c, "SELECT COUNT(DISTINCT job_guid) FROM wfe_schedule_fire");
                long distinctTimes = count(c, "SELECT COUNT(DISTINCT fire_time) FROM wfe_schedule_fire");
                Set<String> nodes = new HashSet<>();
                List<Instant> times = new ArrayList<>();
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT node, fire_time FROM wfe_schedule_fire ORDER BY fire_time")) {
                    while (rs.next()) {
                        nodes.add(rs.getString(1));
                        times.add(rs.getObject(2, java.time.OffsetDateTime.class).toInstant());
                    }
                }
                assertEquals(fires, jobs, "one job per fire");
                assertEquals(fires, distinctJobs);
                assertEquals(fires, distinctTimes);
                for (int i = 1; i < times.size(); i++) {
                    assertEquals(Duration.ofSeconds(1), Duration.between(times.get(i - 1), times.get(i)), "no fire time missed: " + times);
                }
                Figures.print("two engines on one PostgreSQL with the same 1-second schedule",
                        "%d fire times, %d fire rows, %d jobs: each fire time once (claimed by %d engine(s))",
                        distinctTimes, fires, jobs, nodes.size());
            }
        } finally {
            for (Engine e : engines) {
                e.close();
            }
            try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
