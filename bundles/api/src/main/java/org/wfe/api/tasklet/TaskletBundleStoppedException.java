package org.wfe.api.tasklet;

/**
 * The bundle of a tasklet stopped (updated or removed) while an action was inside that tasklet, and the
 * tasklet did not finish within the grace period: the job ends ERROR with this reason.
 */
public class TaskletBundleStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TaskletBundleStoppedException(String bundle, String tasklet) {
        super("tasklet bundle stopped: " + bundle + " (tasklet " + tasklet + ") went away while the action was running in it");
    }
}
