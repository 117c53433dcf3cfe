package org.wfe.job.controller.impl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.wfe.api.drp.JobStore;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobNotFoundException;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.LogLine;

/**
 * Reads that combine the store with the live view: a live job's in-memory state is newer than its row
 * (creating and starting are written asynchronously), and its newest log lines may not be handed over yet.
 */
record JobReader(JobStore store, JobTree tree) {

    List<Job> children(String guid) {
        Map<String, Job> byGuid = new LinkedHashMap<>();
        for (Job c : store.children(Refusals.requireGuid(guid))) {
            byGuid.put(c.guid(), c);
        }
        LiveJob lj = tree.live.get(guid);
        if (lj != null) {
            lj.children.forEach(c -> byGuid.put(c.guid, c.job()));
        } else if (byGuid.isEmpty()) {
            stored(store, guid);
        }
        byGuid.replaceAll((g, j) -> {
            LiveJob l = tree.live.get(g);
            return l != null ? l.job() : j;
        });
        return byGuid.values().stream().sorted(Comparator.comparingInt(Job::order)).toList();
    }

    List<Job> find(JobQuery q) {
        int want = Math.min(10_000, q.offset() + q.limit());
        Map<String, Job> byGuid = new LinkedHashMap<>();
        for (Job j : store.jobs(q.page(0, want))) {
            LiveJob l = tree.live.get(j.guid());
            Job cur = l != null ? l.job() : j;
            if (q.matches(cur)) {
                byGuid.put(cur.guid(), cur);
            }
        }
        for (LiveJob l : tree.live.values()) {
            Job cur = l.job();
            if (q.matches(cur)) {
                byGuid.put(cur.guid(), cur);
            }
        }
        return byGuid.values().stream().sorted(JobQuery.NEWEST_FIRST).skip(q.offset()).limit(q.limit()).toList();
    }

    List<LogLine> log(String guid, long fromSeq, int limit) {
        if (fromSeq < 0 || limit <= 0) {
            throw new IllegalArgumentException("log needs fromSeq >= 0 and limit > 0, got " + fromSeq + " and " + limit);
        }
        LiveJob lj = tree.live.get(Refusals.requireGuid(guid));
        // memory first: a line acknowledged after this snapshot is in the store when it is read next
        List<LogLine> mem = lj == null ? List.of() : LogWriter.buffered(lj, fromSeq);
        List<LogLine> stored = store.log(guid, fromSeq, limit);
        if (lj == null && stored.isEmpty()) {
            stored(store, guid);
        }
        if (mem.isEmpty()) {
            return stored;
        }
        TreeMap<Long, LogLine> bySeq = new TreeMap<>();
        stored.forEach(l -> bySeq.put(l.seq(), l));
        mem.forEach(l -> bySeq.putIfAbsent(l.seq(), l));
        return bySeq.values().stream().limit(limit).toList();
    }

    static Job stored(JobStore store, String guid) {
        return store.job(guid).orElseThrow(() -> new JobNotFoundException(guid));
    }
}
