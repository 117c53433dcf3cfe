package org.wfe.agent.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Name prefixes of the executors alive in this process: what a work dir holds under any other prefix was
 * left by an earlier agent run (a crash, a kill -9) and may be removed.
 */
final class Incarnations {

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();

    private Incarnations() {
    }

    static String next() {
        String p = Long.toString(System.currentTimeMillis(), 36) + "." + COUNTER.incrementAndGet() + "-";
        LIVE.add(p);
        return p;
    }

    /** Removes (with {@code remove}) every entry of {@code dir} that no live executor named. */
    static void removeLeftovers(Path dir, Consumer<Path> remove) {
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> !live(p.getFileName().toString())).forEach(remove);
        } catch (IOException e) {
            // no folder yet, or not readable: nothing of ours to remove
        }
    }

    private static boolean live(String name) {
        for (String p : LIVE) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
