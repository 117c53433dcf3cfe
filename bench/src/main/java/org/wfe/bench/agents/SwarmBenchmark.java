package org.wfe.bench.agents;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

import org.h2.jdbcx.JdbcDataSource;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.jxmpp.jid.impl.JidCreate;
import org.wfe.agent.controller.impl.Controller;
import org.wfe.agent.controller.impl.Settings;
import org.wfe.agent.protocol.Protocol;
import org.wfe.agent.protocol.XmppSettings;
import org.wfe.api.agent.ScriptResult;
import org.wfe.api.job.JobStatus;
import org.wfe.bench.BenchContext;
import org.wfe.bench.Benchmark;
import org.wfe.bench.Figure;
import org.wfe.drp.impl.Repository;
import org.wfe.job.controller.impl.JobControllerImpl;

/**
 * 1,000 agents online through one Prosody (a swarm: the daemon's own code, 1,000 XMPP sessions in one JVM), the
 * real agent controller and job controller on H2 in this JVM. Figures: the controller's heap with them online;
 * the ceiling rig of the fan-out (1,000 bare IQ round trips + 1,000 bare spawns, 100 at a time) next to 1,000
 * {@code exit 0} scripts through the controller, 100 at a time; the presence storm (Prosody restarted under
 * 1,000 running scripts: time until all are online again, results lost); one idle agent's resident memory
 * with and without its launch flags, next to a Salt minion's.
 */
public final class SwarmBenchmark implements Benchmark {

    static final int AGENTS = 1_000;
    static final int AT_ONCE = 100;
    static final String PREFIX = "swarm";
    /** A Salt minion idle: 50-80 MB resident (its own documentation and operators' reports); the upper end. */
    static final double SALT_MINION_MB = 80;

    @Override
    public String name() {
        return "swarm";
    }

    @Override
    public String description() {
        return "1,000 agents in one swarm through one Prosody: controller heap, exit-0 on all vs bare IQ + spawn, presence storm, idle agent RSS";
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        // printed as measured: a later part that fails (or a time-out of the whole run) keeps the earlier figures
        List<Figure> figures = new ArrayList<>() {
            @Override
            public boolean add(Figure f) {
                System.out.println("swarm figure: " + f);
                return super.add(f);
            }

            @Override
            public boolean addAll(java.util.Collection<? extends Figure> c) {
                c.forEach(this::add);
                return !c.isEmpty();
            }
        };
        try (SwarmRig rig = new SwarmRig(ctx, SwarmRig.users(PREFIX, AGENTS, "controller", "plain", "flagged"))) {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:file:" + ctx.scratch().resolve("db/wfe").toAbsolutePath() + ";WRITE_DELAY=0");
            ds.setUser("sa");
            ds.setPassword("");
            Repository repo = Repository.open(ds, Repository.Settings.defaults("h2", ctx.scratch().toString()), List.of("machine"));
            JobControllerImpl jobs = new JobControllerImpl(repo, org.wfe.job.controller.impl.Settings.DEFAULTS);
            Controller ac = new Controller(jobs, Settings.localOnly(ctx.scratch().resolve("local")).withXmpp(new XmppSettings(rig.host,
                    rig.port, rig.domain, "controller", rig.password, Protocol.CONTROLLER_RESOURCE, "disabled", null, null)));
            XMPPTCPConnection bare = new XMPPTCPConnection(new XmppSettings(rig.host, rig.port, rig.domain, "controller", rig.password,
                    "bench-bare", "disabled", null, null).toConfiguration());
            Roster.getInstanceFor(bare).setSubscriptionMode(Roster.SubscriptionMode.manual);
            try {
                bare.connect().login();
                figures.addAll(idleAgent(rig, ac));
                for (String u : SwarmRig.users(PREFIX, AGENTS)) {
                    ac.accept(u);
                }
                double heap0 = heapMb();
                long t0 = System.nanoTime();
                Process swarm = rig.swarm(PREFIX, AGENTS);
                int up = awaitOnline(ac, n -> n == AGENTS, 900);
                if (up < AGENTS) {
                    throw new IllegalStateException("only " + up + " of " + AGENTS + " agents online after the swarm's start (see " + rig.log() + ")");
                }
                double firstLogin = (System.nanoTime() - t0) / 1e9; // the first ever: each agent's presence subscription is made now
                double heap1 = heapMb();
                figures.add(new Figure("controller heap with 1,000 agents online (after GC, over none)", heap1 - heap0, Double.NaN, "MB",
                        false, String.format(Locale.ROOT, "%.1f KB per agent; all 1,000 logged in %.1f s after the swarm started",
                                (heap1 - heap0) * 1024 / AGENTS, firstLogin)));
                double swarmRss = SwarmRig.rssMb(swarm.pid());
                figures.add(new Figure("the swarm's resident memory, 1,000 agents in one JVM", swarmRss, Double.NaN, "MB", false,
                        String.format(Locale.ROOT, "%.2f MB per agent (a JVM of its own each: see the idle agent above)", swarmRss / AGENTS)));
                figures.addAll(exitZeroOnAll(ctx, ac, jobs, bare, rig));
                figures.add(presenceStorm(rig, ac, jobs));
            } finally {
                bare.disconnect();
                ac.close();
                jobs.deactivate();
                repo.close();
            }
        }
        return figures;
    }

    /** One agent process, logged in and idle: resident memory with no JVM flags, then with cnf/dist/agent.jvm. */
    private static List<Figure> idleAgent(SwarmRig rig, Controller ac) throws Exception {
        double[] rss = new double[2];
        String[] users = {"plain", "flagged"};
        for (int i = 0; i < 2; i++) {
            ac.accept(users[i]);
            Process p = rig.single(users[i], i == 0 ? List.of() : List.of("@" + rig.argFile()));
            String u = users[i];
            awaitOnline(ac, n -> ac.agents().stream().anyMatch(a -> a.guid().equals(u) && a.online()), 60);
            Thread.sleep(5_000); // idle: its start-up work (class loading, the first GC) done
            rss[i] = SwarmRig.rssMb(p.pid());
            p.destroy();
            p.waitFor();
        }
        return List.of(
                Figure.time("one idle agent's resident memory, no JVM flags", rss[0], SALT_MINION_MB, "MB")
                        .withNote("ceiling: a Salt minion idle, 50-80 MB (the upper end)"),
                Figure.time("one idle agent's resident memory, with cnf/dist/agent.jvm", rss[1], SALT_MINION_MB, "MB")
                        .withNote("the flags bin/wfe-agent and ./wfe agent use"));
    }

    /** The fan-out's ceiling rig, and 1,000 exit-0 scripts (one per agent, 100 at a time) through the controller. */
    private static List<Figure> exitZeroOnAll(BenchContext ctx, Controller ac, JobControllerImpl jobs, XMPPTCPConnection bare,
            SwarmRig rig) throws Exception {
        Path script = Files.writeString(ctx.scratch().resolve("exit0.sh"), "exit 0\n");
        String parent = jobs.createJob(null, "bench.swarm", null, null, null).guid();
        jobs.start(parent);
        // warm-up, as a long-running engine is: every path once per agent
        atOnce(AGENTS, i -> ping(bare, rig.domain, PREFIX + (i + 1)));
        atOnce(AGENTS, i -> spawn(script));
        atOnce(AGENTS, i -> ac.executeScript(PREFIX + (i + 1), "bench.swarm.exit0", "exit 0", Map.of(), null, parent));
        double iq = atOnce(AGENTS, i -> ping(bare, rig.domain, PREFIX + (i + 1)));
        double spawn = atOnce(AGENTS, i -> spawn(script));
        double scripts = atOnce(AGENTS, i -> {
            String job = ac.executeScript(PREFIX + (i + 1), "bench.swarm.exit0", "exit 0", Map.of(), null, parent).jobGuid();
            jobs.completion(job).toCompletableFuture().join(); // DONE and durable
            return null;
        });
        return List.of(
                Figure.time("ceiling rig: 1,000 bare IQ round trips + 1,000 bare spawns, 100 at a time", iq + spawn, Double.NaN, "ms")
                        .withNote(String.format(Locale.ROOT, "IQ %.0f ms + spawn %.0f ms: the ceiling of the fan-out figure (fan-out not built yet)", iq, spawn)),
                Figure.time("exit 0 on 1,000 agents, 100 at a time, until all DONE and durable", scripts, iq + spawn, "ms")
                        .withNote("one executeScript per agent (no fan-out parent yet), against the rig above"));
    }

    /** Prosody restarted while every agent runs a 10 s script: time until all are online again, results lost. */
    private static Figure presenceStorm(SwarmRig rig, Controller ac, JobControllerImpl jobs) throws Exception {
        String parent = jobs.createJob(null, "bench.swarm.storm", null, null, null).guid();
        jobs.start(parent);
        List<CompletableFuture<ScriptResult>> runs = new ArrayList<>();
        for (int i = 1; i <= AGENTS; i++) {
            String agent = PREFIX + i;
            runs.add(CompletableFuture.supplyAsync(() -> ac.executeScript(agent, "bench.swarm.storm", "sleep 10; echo survived", Map.of(),
                    null, parent), r -> Thread.ofVirtual().start(r)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ac.agents().stream().mapToInt(a -> a.runningJobs().size()).sum() < AGENTS) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not all 1,000 storm scripts started within 60 s");
            }
            Thread.sleep(20);
        }
        rig.stopProsody();
        awaitOnline(ac, n -> n < AGENTS, 30); // the controller saw them go
        long t0 = System.nanoTime();
        rig.startProsody();
        int back = awaitOnline(ac, n -> n == AGENTS, 300);
        double seconds = (System.nanoTime() - t0) / 1e9;
        int delivered = 0;
        Map<String, Integer> why = new java.util.TreeMap<>(); // what the others ended with
        for (CompletableFuture<ScriptResult> f : runs) {
            String outcome;
            try {
                ScriptResult r = f.get(120, TimeUnit.SECONDS);
                JobStatus st = jobs.get(r.jobGuid()).map(j -> j.status()).orElse(null);
                outcome = r.exitCode() == 0 && r.stdout().contains("survived") && st == JobStatus.DONE ? null
                        : "exit " + r.exitCode() + ", " + st + (r.stdout().contains("survived") ? "" : ", no output");
            } catch (Exception e) {
                Throwable c = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
                outcome = c.getClass().getSimpleName() + ": " + String.valueOf(c.getMessage()).replaceAll("[0-9a-f]{8,}|swarm\\d+", "*");
            }
            if (outcome == null) {
                delivered++;
            } else {
                why.merge(outcome.length() > 160 ? outcome.substring(0, 160) : outcome, 1, Integer::sum);
            }
        }
        why.forEach((k, v) -> System.out.println("swarm storm: " + v + " x " + k));
        return Figure.time("presence storm: Prosody restarted under 1,000 running scripts, until all online again", seconds * 1000,
                Double.NaN, "ms").withNote(String.format(Locale.ROOT, "%d of %d online again%s; %d of %d results delivered (exit 0, its output,"
                        + " job DONE): %d lost", back, AGENTS, back < AGENTS ? " (gave up after 300 s)" : "", delivered, AGENTS, AGENTS - delivered));
    }

    /** Waits until the count of swarm agents online satisfies {@code until}, at most {@code seconds}; returns the count. */
    private static int awaitOnline(Controller ac, IntPredicate until, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int n;
        while (!until.test(n = online(ac)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return n;
    }

    private static int online(Controller ac) {
        return (int) ac.agents().stream().filter(a -> a.guid().startsWith(PREFIX) && a.online()).count();
    }

    private static double heapMb() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024);
    }

    interface Op {
        Object run(int i) throws Exception;
    }

    /** ms for n operations with {@link #AT_ONCE} running at once on virtual threads. */
    private static double atOnce(int n, Op op) throws Exception {
        Semaphore slots = new Semaphore(AT_ONCE);
        List<CompletableFuture<Object>> all = new ArrayList<>(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            slots.acquire();
            int k = i;
            CompletableFuture<Object> f = new CompletableFuture<>();
            all.add(f);
            Thread.ofVirtual().start(() -> {
                try {
                    f.complete(op.run(k));
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                } finally {
                    slots.release();
                }
            });
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        return (System.nanoTime() - t0) / 1e6;
    }

    private static Object ping(XMPPTCPConnection c, String domain, String agent) throws Exception {
        return c.createStanzaCollectorAndSend(new Ping(JidCreate.entityFullFrom(agent + "@" + domain + "/" + Protocol.AGENT_RESOURCE)))
                .nextResultOrThrow(30_000);
    }

    private static Object spawn(Path script) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", script.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the bare script failed");
        }
        return null;
    }
}
