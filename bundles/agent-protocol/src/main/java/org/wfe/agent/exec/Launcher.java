package org.wfe.agent.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts a script's process as the leader of a session of its own, so that the script and everything it
 * starts form one process group that a kill reaches as a whole.
 */
interface Launcher {

    /** {@code wfe.agent.launcher=jdk} forces the JDK's launcher (the fallback) where posix_spawn would do. */
    String PROPERTY = "wfe.agent.launcher";

    Launched launch(List<String> command, Path dir, Map<String, String> env) throws IOException;

    /** Short name for logs and benchmarks. */
    String name();

    /** posix_spawn through the FFM API where the C library has it (glibc ≥ 2.34), else the JDK's. */
    static Launcher best() {
        if (!"jdk".equals(System.getProperty(PROPERTY)) && PosixSpawn.AVAILABLE) {
            return new PosixSpawn();
        }
        return new JdkLauncher();
    }

    /** A started process: its pipes, its exit, and whether it leads its own process group. */
    interface Launched {

        long pid();

        /** The process group of the script (its pid when it leads one), or -1 when it has none of its own. */
        long pgid();

        OutputStream stdin();

        InputStream stdout();

        InputStream stderr();

        /**
         * Waits for the process to end and reaps it: called once, on a platform thread (it blocks in native
         * code). Returns the exit code, or 128 + the number of the signal that ended the process.
         */
        int waitFor();
    }
}
