package org.wfe.agent.protocol;

import java.util.List;

/** Output lines of a running job, in order; {@code seq} counts batches of the job from 0. */
public record OutputBatch(String job, long seq, List<OutputLine> lines) {
    public OutputBatch {
        Codec.requireText(job, "job");
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
