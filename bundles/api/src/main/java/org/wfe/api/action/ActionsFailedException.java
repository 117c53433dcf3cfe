package org.wfe.api.action;

import java.util.List;
import java.util.Map;

/** One error combining every failed job of {@link ActionManager#waitForActions}. */
public class ActionsFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<ActionFailedException> failures;
    private final transient Map<String, Object> results;

    public ActionsFailedException(List<ActionFailedException> failures, Map<String, Object> results) {
        super(failures.size() + " of " + (failures.size() + results.size()) + " jobs failed: "
                + String.join("; ", failures.stream().map(Throwable::getMessage).toList()));
        this.failures = List.copyOf(failures);
        this.results = Map.copyOf(results);
        failures.forEach(this::addSuppressed);
    }

    public List<ActionFailedException> failures() {
        return failures;
    }

    /** Results of the jobs that did end DONE (null results left out). */
    public Map<String, Object> results() {
        return results;
    }
}
