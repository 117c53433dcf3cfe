package org.wfe.api.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of one job: every field of the original engine's job record. Immutable; ask the
 * {@link JobController} again for a fresh view.
 *
 * @param guid the job's id
 * @param parentGuid its parent, null for a root job
 * @param rootGuid the root of its tree (itself for a root job)
 * @param actionName {@code machine.start}, {@code hypervisor.startVMachine} or {@code actor.action.script}
 * @param maxDuration seconds the job may run before it is TIMED_OUT
 * @param order index among its parent's children, from 0
 * @param agentGuid the agent of a script job, else null
 * @param result the action's result ({@code params['result']}), null when none
 * @param userErrorMessage what went wrong, for an operator
 * @param internalErrorMessage the technical detail (exception, exit code, output)
 * @param startedBy the user who started it (a child job: its root's starter), null when unknown
 * @param killedBy the user who killed it (or an ancestor), null unless killed by someone
 * @param attempt the run of its action now or last under way, from 1 (a retry policy re-runs it in the same job)
 */
public record Job(String guid, String parentGuid, String rootGuid, String actionName, String name,
        String description, JobStatus status, Instant createTime, Instant startTime, Instant endTime,
        long maxDuration, int order, String agentGuid, String rootObjectType, String rootObjectGuid,
        Map<String, Object> params, Object result, String userErrorMessage, String internalErrorMessage,
        String startedBy, String killedBy, int attempt) {

    public Job {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt counts from 1, got " + attempt);
        }
    }

    /** The record as it was before 1.6 (no attempt): the first attempt. */
    public Job(String guid, String parentGuid, String rootGuid, String actionName, String name,
            String description, JobStatus status, Instant createTime, Instant startTime, Instant endTime,
            long maxDuration, int order, String agentGuid, String rootObjectType, String rootObjectGuid,
            Map<String, Object> params, Object result, String userErrorMessage, String internalErrorMessage,
            String startedBy, String killedBy) {
        this(guid, parentGuid, rootGuid, actionName, name, description, status, createTime, startTime, endTime,
                maxDuration, order, agentGuid, rootObjectType, rootObjectGuid, params, result, userErrorMessage,
                internalErrorMessage, startedBy, killedBy, 1);
    }

    /** The record as it was before 1.3 (no startedBy, killedBy). */
    public Job(String guid, String parentGuid, String rootGuid, String actionName, String name,
            String description, JobStatus status, Instant createTime, Instant startTime, Instant endTime,
            long maxDuration, int order, String agentGuid, String rootObjectType, String rootObjectGuid,
            Map<String, Object> params, Object result, String userErrorMessage, String internalErrorMessage) {
        this(guid, parentGuid, rootGuid, actionName, name, description, status, createTime, startTime, endTime,
                maxDuration, order, agentGuid, rootObjectType, rootObjectGuid, params, result, userErrorMessage,
                internalErrorMessage, null, null);
    }

    public boolean isRoot() {
        return parentGuid == null;
    }

    /** Time spent running so far (or in all, once finished); zero before it starts. */
    public Duration duration(Instant now) {
        if (startTime == null) {
            return Duration.ZERO;
        }
        return Duration.between(startTime, endTime != null ? endTime : now);
    }

    public Job withStatus(JobStatus s, Instant start, Instant end, Object res, String userError, String internalError) {
        return new Job(guid, parentGuid, rootGuid, actionName, name, description, s, createTime, start, end,
                maxDuration, order, agentGuid, rootObjectType, rootObjectGuid, params, res, userError, internalError,
                startedBy, killedBy, attempt);
    }

    public Job withKilledBy(String user) {
        return new Job(guid, parentGuid, rootGuid, actionName, name, description, status, createTime, startTime,
                endTime, maxDuration, order, agentGuid, rootObjectType, rootObjectGuid, params, result,
                userErrorMessage, internalErrorMessage, startedBy, user, attempt);
    }

    public Job withAttempt(int n) {
        return new Job(guid, parentGuid, rootGuid, actionName, name, description, status, createTime, startTime,
                endTime, maxDuration, order, agentGuid, rootObjectType, rootObjectGuid, params, result,
                userErrorMessage, internalErrorMessage, startedBy, killedBy, n);
    }
}
