package org.wfe.agent.protocol;

import java.util.List;

/**
 * Output lines of a running job, in order; {@code seq} counts batches of the job from 0 (the controller
 * logs each seq once, so a batch sent again after a lost answer is not logged twice); {@code token} as in
 * {@link ExecRequest#token()}.
 */
public record OutputBatch(String job, long seq, List<OutputLine> lines, long token) {

    /** Without a token (1.1): token 0. */
    public OutputBatch(String job, long seq, List<OutputLine> lines) {
        this(job, seq, lines, 0);
    }

    public OutputBatch {
        Codec.requireText(job, "job");
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
