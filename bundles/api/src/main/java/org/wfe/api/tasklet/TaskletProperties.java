package org.wfe.api.tasklet;

/** The service property names the tasklet annotations produce, for tools and hand-written registrations. */
public final class TaskletProperties {
    public static final String TYPE = "wfe.tasklet.type";
    public static final String ACTOR = "wfe.tasklet.actor";
    public static final String ACTION = "wfe.tasklet.action";
    public static final String PRIORITY = "wfe.tasklet.priority";

    private TaskletProperties() {
    }
}
