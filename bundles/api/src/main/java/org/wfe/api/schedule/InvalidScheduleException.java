package org.wfe.api.schedule;

/** A schedule that cannot be stored as given (a bad cron expression, zone, interval, name...): nothing changed. */
public class InvalidScheduleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidScheduleException(String message) {
        super(message);
    }
}
