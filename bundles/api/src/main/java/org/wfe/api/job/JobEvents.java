package org.wfe.api.job;

/**
 * Job life-cycle events posted on OSGi EventAdmin, one topic per transition. Every event carries the
 * properties below. Events are posted after the transition is durable in the store.
 */
public final class JobEvents {
    public static final String TOPIC_PREFIX = "wfe/job/";
    public static final String CREATED = TOPIC_PREFIX + "CREATED";
    public static final String STARTED = TOPIC_PREFIX + "STARTED";
    public static final String DONE = TOPIC_PREFIX + "DONE";
    public static final String ERROR = TOPIC_PREFIX + "ERROR";
    public static final String KILLED = TOPIC_PREFIX + "KILLED";
    public static final String TIMED_OUT = TOPIC_PREFIX + "TIMED_OUT";
    public static final String ALL = TOPIC_PREFIX + "*";

    public static final String PROP_GUID = "guid";
    public static final String PROP_PARENT = "parent";
    public static final String PROP_ROOT = "root";
    public static final String PROP_ACTION = "action";
    public static final String PROP_STATUS = "status";

    private JobEvents() {
    }

    /** The topic of the event a job entering {@code status} posts. */
    public static String topic(JobStatus status) {
        return status == JobStatus.WAITING ? CREATED : status == JobStatus.RUNNING ? STARTED : TOPIC_PREFIX + status.name();
    }
}
