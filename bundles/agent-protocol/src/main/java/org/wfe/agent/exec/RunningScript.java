package org.wfe.agent.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.wfe.agent.protocol.Codec;
import org.wfe.agent.protocol.ExecRequest;
import org.wfe.agent.protocol.ExecResult;
import org.wfe.agent.protocol.OutputLine;
import org.wfe.agent.protocol.ProtocolException;

/** One script from start to result: its process group, output threads, output batches and kill. */
public final class RunningScript {

    private static final Object FLUSH = new Object();
    /** Bytes a write to an empty pipe takes without blocking (POSIX guarantees at least 512; Linux has 4096). */
    private static final int PIPE_BUF = 512;

    private final ExecRequest req;
    private final ExecLimits limits;
    private final Consumer<List<OutputLine>> output;
    private final Runnable onEnd;
    private final Consumer<Path> releaseFolder;
    private volatile Path folder;
    private final java.util.concurrent.ScheduledExecutorService timers;
    private volatile java.util.concurrent.Future<?> deadline;
    private final CompletableFuture<ExecResult> result = new CompletableFuture<>();
    private final LinkedBlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    private volatile Launcher.Launched process;
    private volatile long pgid;
    private volatile String ending;
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private Thread batcher;
    private boolean linesClosed;

    RunningScript(ExecRequest req, ExecLimits limits, Consumer<List<OutputLine>> output,
            java.util.concurrent.ScheduledExecutorService timers, Runnable onEnd, Consumer<Path> releaseFolder) {
        this.req = req;
        this.timers = timers;
        this.limits = limits;
        this.output = output;
        this.onEnd = onEnd;
        this.releaseFolder = releaseFolder;
    }

    public String job() {
        return req.job();
    }

    /** Completes once the script ended and its output was read; never exceptionally. */
    public CompletableFuture<ExecResult> result() {
        return result;
    }

    void start(Launcher launcher, List<String> command, Path dir, Map<String, String> env, Path resultFile) throws IOException {
        long t0 = System.nanoTime();
        Launcher.Launched p = launcher.launch(command, dir, env);
        process = p;
        pgid = p.pgid();
        StreamCapture.Budget budget = new StreamCapture.Budget(limits.streamBytes());
        StreamCapture out = new StreamCapture(p.stdout(), false, limits, budget, this::line);
        StreamCapture err = new StreamCapture(p.stderr(), true, limits, budget, this::line);
        BlockingIo.POOL.execute(out);
        BlockingIo.POOL.execute(err);
        byte[] input = Codec.encode(req.params()).getBytes(StandardCharsets.UTF_8);
        if (input.length <= PIPE_BUF) {
            writeParams(p, input); // fits the fresh, empty pipe at once: no thread needed
        } else {
            BlockingIo.POOL.execute(() -> writeParams(p, input));
        }
        if (req.maxDurationMillis() > 0) {
            deadline = timers.schedule(() -> kill(ExecResult.TIMEOUT, limits.killGrace()), req.maxDurationMillis(), TimeUnit.MILLISECONDS);
        }
        BlockingIo.POOL.execute(() -> {
            int code = p.waitFor();
            exited.complete(code);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            boolean complete = awaitStreams(out, err);
            flushLines();
            String error = null;
            Map<String, Object> params = Map.of();
            try {
                params = readResultFile(resultFile);
            } catch (ProtocolException e) {
                error = e.getMessage();
            }
            String stderr = complete ? err.text() : err.text() + "\n[wfe] processes the script left behind still hold its output open: stopped reading";
            finish(new ExecResult(req.job(), code, out.text(), stderr, out.truncated() || err.truncated(), params, millis,
                    ending, error));
        });
    }

    void failedToStart(String error) {
        finish(ScriptExecutor.notStarted(req.job(), error));
    }

    /** The script's working folder: given back to the executor once the result is out. */
    void folder(Path dir) {
        folder = dir;
    }

    private void finish(ExecResult r) {
        java.util.concurrent.Future<?> d = deadline;
        if (d != null) {
            d.cancel(false);
        }
        onEnd.run();
        result.complete(r);
        // after the result went out (dependents run in complete): its folder is no business of the caller's
        Path dir = folder;
        if (dir != null) {
            releaseFolder.accept(dir);
        }
    }

    /**
     * SIGTERM to the script's process group, SIGKILL after {@code grace} to whatever is left of it.
     * Returns at once; the result tells the ending ({@code reason}).
     */
    public void kill(String reason, Duration grace) {
        Launcher.Launched p = process;
        if (p == null || result.isDone()) {
            return;
        }
        if (ending == null) {
            ending = reason;
        }
        long g = pgid;
        List<ProcessHandle> tree = ProcessHandle.of(p.pid()).stream().flatMap(h -> Stream.concat(Stream.of(h), h.descendants())).toList();
        if (g > 1) {
            ProcessGroups.signal(g, ProcessGroups.Signal.TERM);
        } else {
            tree.forEach(ProcessHandle::destroy);
        }
        Thread.ofPlatform().name("wfe-script-kill-" + req.job()).daemon().start(() -> {
            long deadline = System.nanoTime() + grace.toNanos();
            while (System.nanoTime() < deadline && !exited.isDone() && (g <= 1 || ProcessGroups.alive(g))) {
                try {
                    exited.get(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // still running: check again
                }
            }
            // whatever ignored SIGTERM (or was started in the background and is still around) goes now
            if (g > 1) {
                ProcessGroups.signal(g, ProcessGroups.Signal.KILL);
            }
            tree.forEach(ProcessHandle::destroyForcibly);
        });
    }

    private static void writeParams(Launcher.Launched p, byte[] params) {
        try (OutputStream in = p.stdin()) {
            in.write(params);
        } catch (IOException e) {
            // the script did not read its params (exited or closed stdin): that is its business
        }
    }

    /** A line from a reader: the batcher starts with the first one (most scripts of a busy agent print nothing). */
    private synchronized void line(OutputLine l) {
        if (linesClosed) {
            return; // read after the result was made (a leftover process still writing): not the job's any more
        }
        lines.add(l);
        if (batcher == null) {
            batcher = Thread.ofPlatform().name("wfe-script-batch-" + req.job()).daemon().start(this::batch);
        }
    }

    /** Every line read so far goes out before the result does. */
    private void flushLines() {
        Thread b;
        synchronized (this) {
            linesClosed = true;
            b = batcher;
        }
        if (b != null) {
            lines.add(FLUSH);
            try {
                b.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void batch() {
        List<OutputLine> batch = new ArrayList<>();
        int chars = 0;
        while (true) {
            Object o;
            try {
                o = lines.poll(batch.isEmpty() ? 1000 : 20, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (o instanceof OutputLine l) {
                batch.add(l);
                chars += l.text().length() + 16;
                if (chars < limits.batchChars()) {
                    continue; // more may follow at once: send them together
                }
            }
            if (!batch.isEmpty()) {
                try {
                    output.accept(List.copyOf(batch));
                } catch (RuntimeException e) {
                    // a lost batch of log lines must not stop the script or its result
                }
                batch.clear();
                chars = 0;
            }
            if (o == FLUSH) {
                return;
            }
        }
    }

    private boolean awaitStreams(StreamCapture out, StreamCapture err) {
        try {
            // background processes the script left may hold the pipes open: do not wait for them forever
            if (out.await(2000) && err.await(500)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            process.stdout().close();
            process.stderr().close();
        } catch (IOException e) {
            // closing is all we want
        }
        return false;
    }

    private Map<String, Object> readResultFile(Path f) {
        try {
            if (!Files.isRegularFile(f)) {
                return Map.of();
            }
            long size = Files.size(f);
            if (size > limits.resultFileBytes()) {
                throw new ProtocolException(ScriptExecutor.RESULT_FILE_ENV + " holds " + size + " bytes, more than the "
                        + limits.resultFileBytes() + " allowed");
            }
            String text = Files.readString(f, StandardCharsets.UTF_8);
            return text.isBlank() ? Map.of() : Codec.object(text, ScriptExecutor.RESULT_FILE_ENV);
        } catch (IOException e) {
            throw new ProtocolException("cannot read " + ScriptExecutor.RESULT_FILE_ENV + ": " + e.getMessage(), e);
        }
    }
}
