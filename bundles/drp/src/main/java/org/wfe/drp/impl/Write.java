package org.wfe.drp.impl;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.wfe.api.drp.RootObject;
import org.wfe.api.job.Job;
import org.wfe.api.job.LogLine;

/**
 * One queued write, already validated and encoded by the caller's thread so that the writer only runs SQL.
 * Its future completes (on the ack executor, never on the writer thread) once its batch has committed.
 */
sealed interface Write {

    CompletableFuture<Object> future();

    /** Save of a root object; {@code object.version()} 0 creates it. */
    record SaveObject(RootObject object, String bodyJson, Map<String, String> index,
            CompletableFuture<Object> future) implements Write {
    }

    record DeleteObject(String type, String guid, CompletableFuture<Object> future) implements Write {
    }

    /** Insert-or-replace of a job row; saves of one guid in one batch coalesce (the last one wins). */
    record SaveJob(Job job, String paramsJson, String resultJson, CompletableFuture<Object> future) implements Write {
    }

    record AppendLog(String jobGuid, List<LogLine> lines, CompletableFuture<Object> future) implements Write {
    }

    /** Deletes whole finished job trees (by top-level guid) with their logs; completes with {jobs, lines}. */
    record PurgeTrees(List<String> rootGuids, CompletableFuture<Object> future) implements Write {
    }
}
