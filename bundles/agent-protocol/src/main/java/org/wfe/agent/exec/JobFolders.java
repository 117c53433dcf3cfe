package org.wfe.agent.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Each script's own empty folder under {@code jobs/}, made before it is asked for and removed after the
 * script, both on a thread of their own. Making and removing a folder are journaled file-system changes:
 * on a disk that is busy syncing (the engine's store next door) one can wait for milliseconds, and a
 * script should not. Folder names start with the executor's {@link Incarnations incarnation}, so the
 * folders a crashed agent left behind are told apart and removed in the background.
 */
final class JobFolders {

    /** Folders kept ready; a burst beyond them makes its folders on the script's way, as before. */
    static final int SPARE = 16;

    private final Path root;
    private final String prefix;
    private final AtomicLong seq = new AtomicLong();
    private final BlockingQueue<Path> spare = new LinkedBlockingQueue<>();
    private final ThreadPoolExecutor worker;
    private volatile boolean closed;

    JobFolders(Path root, String prefix) {
        this.root = root;
        this.prefix = prefix;
        // one thread, ending when idle: an executor nobody uses holds no thread
        this.worker = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> Thread.ofPlatform().name("wfe-job-folders").daemon().unstarted(r));
        worker.allowCoreThreadTimeOut(true);
        worker.execute(() -> Incarnations.removeLeftovers(root, JobFolders::deleteTree));
        worker.execute(this::topUp);
    }

    /** A fresh, empty folder for one script. */
    Path take() throws IOException {
        Path p = spare.poll();
        if (!closed) {
            run(this::topUp);
        }
        if (p != null && Files.isDirectory(p)) {
            return p;
        }
        return Files.createDirectories(next());
    }

    /** Removes the folder of a script that ended, with whatever the script left in it. */
    void release(Path dir) {
        if (closed || !run(() -> deleteTree(dir))) {
            deleteTree(dir); // the executor stops: right here
        }
    }

    /**
     * Removes the folders kept ready and waits (a little) for the removals already asked for: the executor
     * stops, and the process may end right after. Folders taken afterwards are made on demand.
     */
    void close() {
        closed = true;
        worker.shutdown();
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Path p = spare.poll(); p != null; p = spare.poll()) {
            deleteTree(p);
        }
    }

    /** Hands {@code task} to the folder thread; false once that thread is shut down. */
    private boolean run(Runnable task) {
        try {
            worker.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private Path next() {
        return root.resolve(prefix + seq.incrementAndGet());
    }

    private void topUp() {
        try {
            while (!closed && spare.size() < SPARE) {
                spare.add(Files.createDirectories(next()));
            }
        } catch (IOException e) {
            // a full or read-only disk: take() makes the folder itself and reports why it cannot
        }
    }

    static void deleteTree(Path dir) {
        try {
            // the usual case, without walking: the result file, if any, then the folder
            Files.deleteIfExists(dir.resolve(ScriptExecutor.RESULT_FILE));
            Files.deleteIfExists(dir.resolve(ScriptExecutor.SCRIPT_FILE));
            Files.delete(dir);
            return;
        } catch (IOException e) {
            // the script left files of its own: walk
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException e) {
            // a leftover job folder is harmless: the next agent start removes it
        }
    }
}
