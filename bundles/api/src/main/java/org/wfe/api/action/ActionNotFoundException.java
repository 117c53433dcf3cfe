package org.wfe.api.action;

/** No tasklet serves this action; raised before any job is created. */
public class ActionNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String actionName;

    public ActionNotFoundException(String actionName) {
        super("no tasklet serves action " + actionName);
        this.actionName = actionName;
    }

    public String actionName() {
        return actionName;
    }
}
