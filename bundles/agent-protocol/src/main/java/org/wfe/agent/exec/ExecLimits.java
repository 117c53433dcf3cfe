package org.wfe.agent.exec;

import java.time.Duration;

/**
 * How much of a script's output is kept and sent.
 *
 * @param captureChars characters of stdout and of stderr kept for the result (each); more sets {@code truncated}
 * @param streamBytes bytes of output lines streamed to the job log; later lines are only captured
 * @param lineChars a longer line is cut
 * @param batchChars output lines are sent in batches of about this size
 * @param resultFileBytes largest result file read
 * @param killGrace time between SIGTERM and SIGKILL to the process group
 */
public record ExecLimits(int captureChars, long streamBytes, int lineChars, int batchChars, int resultFileBytes,
        Duration killGrace) {

    public static final ExecLimits DEFAULTS = new ExecLimits(64 * 1024, 1024 * 1024, 8 * 1024, 32 * 1024, 64 * 1024,
            Duration.ofSeconds(2));

    public ExecLimits {
        if (captureChars < 0 || streamBytes < 0 || lineChars < 1 || batchChars < 1 || resultFileBytes < 1) {
            throw new IllegalArgumentException("output limits must be positive: " + captureChars + ", " + streamBytes + ", "
                    + lineChars + ", " + batchChars + ", " + resultFileBytes);
        }
        if (killGrace == null || killGrace.isNegative()) {
            throw new IllegalArgumentException("killGrace must be zero or more, got " + killGrace);
        }
    }
}
