package org.wfe.agent.controller.impl;

import org.wfe.api.job.Job;

/**
 * The token a script job's exec, output and result carry (the protocol's {@code token}). The one place it is
 * made: a single engine owns every job forever, so 0; in a cluster the job's epoch, which a takeover raises,
 * so that output and results meant for an earlier owner are refused.
 */
final class ScriptTokens {

    private ScriptTokens() {
    }

    static long of(Job job) {
        return 0L;
    }
}
