package org.wfe.agent.exec;

import java.io.IOException;
import java.util.List;

/** Signals to whole process groups: kill(2) itself where FFM reaches the C library, else {@code kill(1)}. */
final class ProcessGroups {

    enum Signal {
        PROBE(0), KILL(9), TERM(15);

        final int number;

        Signal(int number) {
            this.number = number;
        }
    }

    private ProcessGroups() {
    }

    /** Sends {@code signal} to process group {@code pgid}; false when no process was in it. */
    static boolean signal(long pgid, Signal signal) {
        if (pgid <= 1) {
            return false;
        }
        if (PosixSpawn.AVAILABLE) {
            return PosixSpawn.killGroup(pgid, signal.number);
        }
        try {
            Process p = new ProcessBuilder(List.of("kill", "-s", signal == Signal.PROBE ? "0" : signal.name(), "--", "-" + pgid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
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
        return signal(pgid, Signal.PROBE);
    }
}
