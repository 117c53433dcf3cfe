package org.wfe.drp.impl;

import java.util.function.Supplier;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.wfe.api.drp.DrpStatus;

/**
 * Health check "store": the repository is open and its store answers. It lives here because only this
 * bundle knows why no repository is registered (still opening, the store unreachable, a schema too new).
 */
final class StoreCheck implements HealthCheck {

    static final String NAME = "store";

    /**
     * What the DRP component knows at one moment.
     *
     * @param store {@code h2} or {@code postgresql}
     * @param location file path or JDBC URL without credentials
     * @param status the open repository's status, null while none is open
     * @param problem why none is open (the last opening failure), null when nothing failed yet
     * @param refusal why it will not be opened at all (a schema newer than this bundle knows), or null
     * @param probe why the open store did not answer a read just now, null when it did
     */
    record View(String store, String location, DrpStatus status, String problem, String refusal, String probe) {
    }

    private final Supplier<View> view;

    StoreCheck(Supplier<View> view) {
        this.view = view;
    }

    @Override
    public Result execute() {
        return judge(view.get());
    }

    static Result judge(View v) {
        String where = v.store() + " store at " + v.location();
        if (v.status() == null && v.refusal() != null) {
            return new Result(Result.Status.CRITICAL, "the " + where + " is refused: " + v.refusal());
        }
        if (v.status() == null) { // still opening, retrying while it is unreachable: not decided yet
            return new Result(Result.Status.TEMPORARILY_UNAVAILABLE, "the " + where + " is not open"
                    + (v.problem() == null ? " yet" : ": " + v.problem()));
        }
        if (!v.status().up()) {
            return new Result(Result.Status.CRITICAL, "the " + where + " is unreachable, writes wait in the queue"
                    + (v.status().lastError() == null ? "" : ": " + v.status().lastError()));
        }
        if (v.probe() != null) {
            return new Result(Result.Status.CRITICAL, "the " + where + " does not answer: " + v.probe());
        }
        return new Result(Result.Status.OK, "the " + where + " is up (schema V" + v.status().schemaVersion() + ")");
    }
}
