package org.wfe.bench.agents;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.h2.jdbcx.JdbcDataSource;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.jxmpp.jid.impl.JidCreate;
import org.wfe.agent.controller.impl.Controller;
import org.wfe.agent.controller.impl.Settings;
import org.wfe.agent.protocol.Protocol;
import org.wfe.agent.protocol.XmppSettings;
import org.wfe.bench.BenchContext;
import org.wfe.bench.Benchmark;
import org.wfe.bench.Figure;
import org.wfe.drp.impl.Repository;
import org.wfe.job.controller.impl.JobControllerImpl;

/**
 * A remote {@code exit 0} script through the agent controller (real job controller on H2, real agent
 * processes, real Prosody), next to its bare parts measured in the same run: a Smack IQ round trip to the
 * agent (XEP-0199 ping) plus a bare spawn of the same script. Latency: median and p99 of sequential
 * scripts against IQ + spawn, until executeScript returns (the job is DONE, its row queued for the store)
 * and, for information, until that row is durable. Throughput: 4 agents, 64 in flight, against the rate of the bare parts done
 * back to back on the same machine (1 / (1/IQ rate + 1/spawn rate), each measured with 64 in flight).
 * CPU: what one sequential script costs the engine, the agent, Prosody and the script's own process
 * together (from /proc, so Linux only), against one IQ round trip and one bare spawn: on 2 cores, the
 * work done beside the critical path (acknowledgements, the job's durable writes) competes with it.
 */
public final class AgentBenchmark implements Benchmark {

    static final int AGENTS = 4;
    static final int IN_FLIGHT = 64;
    static final int WARMUP = 300;
    static final int WARMUP_CONCURRENT = 16_000;
    /** More for agent1, which runs the sequential scripts: an agent's JIT settles after some 10,000 scripts. */
    static final int WARMUP_AGENT1 = 8_000;
    static final int SEQUENTIAL = 1_000;
    static final int CPU_SAMPLES = 1_000;
    static final int CONCURRENT = 1_500;

    @Override
    public String name() {
        return "agents";
    }

    @Override
    public String description() {
        return "remote exit-0 script: latency and scripts/s (4 agents, 64 in flight) vs bare Smack IQ + process spawn";
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        try (AgentRig rig = new AgentRig(ctx, AGENTS)) {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:file:" + ctx.scratch().resolve("db/wfe").toAbsolutePath() + ";WRITE_DELAY=0");
            ds.setUser("sa");
            ds.setPassword("");
            Repository repo = Repository.open(ds, Repository.Settings.defaults("h2", ctx.scratch().toString()), List.of("machine"));
            JobControllerImpl jobs = new JobControllerImpl(repo, org.wfe.job.controller.impl.Settings.DEFAULTS);
            Controller ac = new Controller(jobs, Settings.localOnly(ctx.scratch().resolve("local")).withXmpp(new XmppSettings(rig.host,
                    rig.port, rig.domain, "controller", rig.passwords.get("controller"), Protocol.CONTROLLER_RESOURCE, "disabled", null, null)));
            for (int i = 1; i <= AGENTS; i++) {
                ac.accept("agent" + i); // only accepted agents get scripts
            }
            XMPPTCPConnection bare = new XMPPTCPConnection(new XmppSettings(rig.host, rig.port, rig.domain, "controller",
                    rig.passwords.get("controller"), "bench-bare", "disabled", null, null).toConfiguration());
            // Smack's default (reject_all) would refuse the agents' subscription requests in the controller's name:
            // manual mode with no listener leaves them to the controller
            Roster.getInstanceFor(bare).setSubscriptionMode(Roster.SubscriptionMode.manual);
            try {
                bare.connect().login();
                awaitOnline(ac);
                String parent = jobs.createJob(null, "bench.agents", null, null, null).guid();
                jobs.start(parent);
                Path script = Files.writeString(ctx.scratch().resolve("exit0.sh"), "exit 0\n");
                // warm-up of every path, as a long-running engine and agent are: class loading, then the JIT, which
                // compiles a method after some 10,000 calls (the concurrent rounds get there), then the sequential path
                rate(WARMUP_CONCURRENT * 2, i -> ping(bare, rig.domain, "agent" + (1 + i % AGENTS)));
                rate(WARMUP_CONCURRENT / 2, i -> spawn(script));
                rate(WARMUP_CONCURRENT, i -> ac.executeScript("agent" + (1 + i % AGENTS), "bench.agents.exit0", "exit 0", Map.of(), null, parent));
                rate(WARMUP_AGENT1, i -> ac.executeScript("agent1", "bench.agents.exit0", "exit 0", Map.of(), null, parent));
                for (int i = 0; i < WARMUP; i++) {
                    ping(bare, rig.domain, "agent1");
                    spawn(script);
                    ac.executeScript("agent1", "bench.agents.exit0", "exit 0", Map.of(), null, parent);
                }
                long[] iq = new long[SEQUENTIAL];
                long[] sp = new long[SEQUENTIAL];
                long[] sc = new long[SEQUENTIAL];
                long[] durable = new long[SEQUENTIAL];
                for (int i = 0; i < SEQUENTIAL; i++) {
                    long t0 = System.nanoTime();
                    ping(bare, rig.domain, "agent1");
                    long t1 = System.nanoTime();
                    spawn(script);
                    long t2 = System.nanoTime();
                    String job = ac.executeScript("agent1", "bench.agents.exit0", "exit 0", Map.of(), null, parent).jobGuid();
                    long t3 = System.nanoTime();
                    // the DONE row is still being stored: the next round (and its ceiling) starts after it, not beside it
                    jobs.completion(job).toCompletableFuture().join();
                    long t4 = System.nanoTime();
                    iq[i] = t1 - t0;
                    sp[i] = t2 - t1;
                    sc[i] = t3 - t2;
                    durable[i] = t4 - t2;
                }
                // CPU per sequential script in every process involved, next to that of its bare parts
                AgentRig.Cpu c0 = rig.cpu();
                for (int i = 0; i < CPU_SAMPLES; i++) {
                    ac.executeScript("agent1", "bench.agents.exit0", "exit 0", Map.of(), null, parent);
                }
                AgentRig.Cpu perScript = rig.cpu().minus(c0);
                c0 = rig.cpu();
                for (int i = 0; i < CPU_SAMPLES; i++) {
                    ping(bare, rig.domain, "agent1");
                    spawn(script);
                }
                AgentRig.Cpu perParts = rig.cpu().minus(c0);
                double scriptCpu = (perScript.engine() + perScript.agent() + perScript.scripts() + perScript.prosody()) / CPU_SAMPLES;
                double partsCpu = (perParts.engine() + perParts.engineChildren() + perParts.agent() + perParts.prosody()) / CPU_SAMPLES;
                double iqRate = rate(CONCURRENT * 2, i -> ping(bare, rig.domain, "agent" + (1 + i % AGENTS)));
                double spawnRate = rate(CONCURRENT, i -> spawn(script));
                double scriptRate = rate(CONCURRENT, i -> ac.executeScript("agent" + (1 + i % AGENTS), "bench.agents.exit0", "exit 0",
                        Map.of(), null, parent));
                double ceilingRate = 1 / (1 / iqRate + 1 / spawnRate);
                String parts = String.format(Locale.ROOT, "IQ %.2f ms + spawn %.2f ms", ms(median(iq)), ms(median(sp)));
                return List.of(
                        Figure.time("remote exit 0, median", ms(median(sc)), ms(median(iq)) + ms(median(sp)), "ms").withNote(parts),
                        Figure.time("remote exit 0 until its DONE row is durable, median", ms(median(durable)), ms(median(iq)) + ms(median(sp)), "ms")
                                .withNote("no goal: executeScript returns before the commit"),
                        Figure.time("remote exit 0, p99", ms(p99(sc)), ms(p99(iq)) + ms(p99(sp)), "ms")
                                .withNote(String.format(Locale.ROOT, "IQ p99 %.2f ms + spawn p99 %.2f ms", ms(p99(iq)), ms(p99(sp)))),
                        Figure.rate("scripts/s, 4 agents, 64 in flight", scriptRate, ceilingRate, "/s").withNote(String.format(Locale.ROOT,
                                "IQ %.0f/s, spawn %.0f/s (64 in flight each)", iqRate, spawnRate)),
                        Figure.time("CPU per sequential script, all processes", scriptCpu, partsCpu, "ms").withNote(String.format(Locale.ROOT,
                                "engine %.2f, agent %.2f, Prosody %.2f, sh %.2f ms (2 cores; parts: IQ + spawn)", perScript.engine() / CPU_SAMPLES,
                                perScript.agent() / CPU_SAMPLES, perScript.prosody() / CPU_SAMPLES, perScript.scripts() / CPU_SAMPLES)));
            } finally {
                bare.disconnect();
                ac.close();
                jobs.deactivate();
                repo.close();
            }
        }
    }

    private static void awaitOnline(Controller ac) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ac.agents().stream().filter(a -> a.guid().startsWith("agent") && a.online()).count() < AGENTS) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("agents not online after 60 s: " + ac.agents());
            }
            Thread.sleep(100);
        }
    }

    private static void ping(XMPPTCPConnection c, String domain, String agent) {
        try {
            c.createStanzaCollectorAndSend(new Ping(JidCreate.entityFullFrom(agent + "@" + domain + "/" + Protocol.AGENT_RESOURCE)))
                    .nextResultOrThrow(10_000);
        } catch (Exception e) {
            throw new IllegalStateException("ping of " + agent + " failed: " + e, e);
        }
    }

    private static void spawn(Path script) {
        try {
            Process p = new ProcessBuilder("/bin/sh", script.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("the bare script failed");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    interface Op {
        void run(int i) throws Exception;
    }

    /** Operations per second with {@link #IN_FLIGHT} running at once on virtual threads. */
    private static double rate(int n, Op op) throws Exception {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n && failed.get() == null; i++) {
            slots.acquire();
            int k = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    op.run(k);
                    done.incrementAndGet();
                } catch (Throwable t) {
                    failed.compareAndSet(null, t);
                } finally {
                    slots.release();
                }
            }));
        }
        for (Thread t : threads) {
            t.join(Duration.ofMinutes(5));
        }
        if (failed.get() != null) {
            throw new IllegalStateException("benchmark operation failed: " + failed.get(), failed.get());
        }
        return done.get() / ((System.nanoTime() - t0) / 1e9);
    }

    private static long median(long[] a) {
        long[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static long p99(long[] a) {
        long[] s = a.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.99) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
