package org.wfe.bench.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The parent's side of a {@link PeerNode}: a JVM on this process's class path, its stdout read on a thread
 * of its own (which unit ran when, as seen here), its stderr (the peer's own log) in a file. A node whose
 * parent dies (even by kill -9) sees the end of its stdin and stops: tried, no node outlived its parent;
 * the trial's database is then left in the (throw-away) test cluster.
 */
final class PeerProcess implements AutoCloseable {

    final String instance;
    private final Process process;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);
    /** When each unit was first seen running here (System.nanoTime()). */
    final Map<String, Long> firstRun = new ConcurrentHashMap<>();
    /** Every "ran" line, repeats included: more than the distinct units means a unit ran twice. */
    final AtomicInteger runs = new AtomicInteger();

    PeerProcess(Peer peer, String instance, PeerDatabase.Location db, Path javaHome, Path log) throws IOException {
        this.instance = instance;
        List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), PeerNode.class.getName(), peer.name(), instance));
        cmd.addAll(List.of(db.args()));
        process = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        Thread.ofPlatform().daemon().name("peer-" + instance).start(this::read);
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("ran ")) {
                    runs.incrementAndGet();
                    firstRun.putIfAbsent(line.substring(4), System.nanoTime());
                } else if (line.equals("ready")) {
                    ready.countDown();
                } else if (line.equals("started")) {
                    started.countDown();
                }
            }
        } catch (IOException e) {
            // the process died (or was killed): nothing more to read
        }
    }

    void awaitReady() throws InterruptedException {
        await(ready, "ready");
    }

    /** Starts the node's scheduler and waits until it says it started. */
    void go() throws IOException, InterruptedException {
        send("go");
        await(started, "started");
    }

    /** kill -9: the node gets no chance to release anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private void send(String line) throws IOException {
        OutputStream out = process.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("peer node " + instance + " did not say '" + what + "' in 120 s (alive: "
                    + process.isAlive() + "); see its log");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                send("stop");
            } catch (IOException e) {
                // it is going away anyway
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
