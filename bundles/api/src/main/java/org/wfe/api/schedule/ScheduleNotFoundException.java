package org.wfe.api.schedule;

/** No schedule of that name. */
public class ScheduleNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScheduleNotFoundException(String name) {
        super("no schedule named '" + name + "'");
    }
}
