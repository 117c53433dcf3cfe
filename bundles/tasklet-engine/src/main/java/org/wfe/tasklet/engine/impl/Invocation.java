package org.wfe.tasklet.engine.impl;

import java.util.concurrent.CompletableFuture;

/** One execution being inside one tasklet; completes when the tasklet returned (or threw). */
final class Invocation {
    final Execution execution;
    final CompletableFuture<Void> returned = new CompletableFuture<>();

    Invocation(Execution execution) {
        this.execution = execution;
    }
}
