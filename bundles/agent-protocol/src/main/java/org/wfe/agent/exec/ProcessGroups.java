package org.wfe.agent.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Signals to whole process groups, through {@code kill(1)}: the JDK signals single processes only. */
final class ProcessGroups {

    static final boolean SETSID = Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"));

    private ProcessGroups() {
    }

    /** Sends {@code signal} (TERM, KILL) to process group {@code pgid}; false when no process was in it. */
    static boolean signal(long pgid, String signal) {
        if (pgid <= 1) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(List.of("kill", "-s", signal, "--", "-" + pgid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True while some process of the group is alive (it may be a zombie waiting for its parent). */
    static boolean alive(long pgid) {
        return pgid > 1 && signal(pgid, "0");
    }
}
