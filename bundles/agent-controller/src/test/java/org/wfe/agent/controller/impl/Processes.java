package org.wfe.agent.controller.impl;

/** What the process table says, for tests that check that nothing of a script is left. */
final class Processes {

    private Processes() {
    }

    static boolean anyWithCommandLine(String marker) {
        return ProcessHandle.allProcesses().anyMatch(ph -> ph.info().commandLine().orElse("").contains(marker));
    }

    /** A sleep argument no other process uses, e.g. {@code 9123.25}. */
    static String marker() {
        return (9000 + (int) (Math.random() * 999)) + "." + (10 + (int) (Math.random() * 89));
    }
}
