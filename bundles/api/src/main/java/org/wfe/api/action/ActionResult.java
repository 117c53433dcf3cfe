package org.wfe.api.action;

import org.wfe.api.job.JobStatus;

/**
 * What starting an action gives back: the seed's {@code {jobguid, result}}.
 *
 * @param result {@code params['result']} after the last tasklet; null when not waited for or none
 * @param status the job's status when the call returned (RUNNING or WAITING when not waited for)
 */
public record ActionResult(String jobGuid, Object result, JobStatus status) {
}
