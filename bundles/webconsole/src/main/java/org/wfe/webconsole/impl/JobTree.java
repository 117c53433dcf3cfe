package org.wfe.webconsole.impl;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

import org.wfe.api.job.Job;

/** A job tree flattened depth first in child order, as the tree table and the timeline show it. */
record JobTree(List<Row> rows, boolean truncated) {

    static final int MAX_ROWS = 500;

    record Row(Job job, int depth) {
    }

    static JobTree of(Job root, Function<String, List<Job>> children) {
        List<Row> rows = new ArrayList<>();
        Deque<Row> todo = new ArrayDeque<>();
        todo.push(new Row(root, 0));
        while (!todo.isEmpty() && rows.size() < MAX_ROWS) {
            Row r = todo.pop();
            rows.add(r);
            List<Job> kids = children.apply(r.job().guid());
            for (int i = kids.size() - 1; i >= 0; i--) {
                todo.push(new Row(kids.get(i), r.depth() + 1));
            }
        }
        return new JobTree(rows, !todo.isEmpty());
    }

    /** Earliest start (or creation) in the tree: the timeline's zero. */
    Instant begin() {
        return rows.stream().map(r -> r.job().startTime() != null ? r.job().startTime() : r.job().createTime())
                .filter(i -> i != null).min(Instant::compareTo).orElse(Instant.now());
    }

    /** Latest end, or now while anything runs. */
    Instant end(Instant now) {
        Instant e = begin();
        for (Row r : rows) {
            Instant x = r.job().endTime() != null ? r.job().endTime() : r.job().status().isFinal() ? e : now;
            if (x.isAfter(e)) {
                e = x;
            }
        }
        return e;
    }

    /** A changed number means the tree grew or a job changed state: the page redraws. */
    String signature() {
        StringBuilder sb = new StringBuilder();
        rows.forEach(r -> sb.append(r.job().guid()).append(r.job().status().ordinal()));
        return Integer.toHexString(sb.toString().hashCode()) + "-" + rows.size();
    }
}
