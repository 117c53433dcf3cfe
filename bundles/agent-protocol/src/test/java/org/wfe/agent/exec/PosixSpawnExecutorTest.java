package org.wfe.agent.exec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The script executor on posix_spawn (FFM), the default where the C library has it. */
class PosixSpawnExecutorTest extends ScriptExecutorContract {

    @Override
    Launcher launcher() {
        return new PosixSpawn();
    }

    @Test
    void isTheDefaultOnThisMachine() {
        // the machines we build on run glibc ≥ 2.34: a silent fall back to the slower launcher would go unnoticed
        assertTrue(PosixSpawn.AVAILABLE, "posix_spawn through FFM is not available here");
        assertTrue(Launcher.best() instanceof PosixSpawn, Launcher.best().name());
    }
}
