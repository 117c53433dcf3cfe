package org.wfe.tasklet.engine.impl;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.wfe.api.drp.Drp;
import org.wfe.api.drp.DrpException;
import org.wfe.api.drp.DrpStatus;
import org.wfe.api.drp.RootObject;
import org.wfe.api.tasklet.TaskletContext;

/**
 * The repository as a tasklet sees it: writes are refused once the job was killed (a killed job must
 * change nothing more), and the repository is looked up per call so a restarted DRP is picked up.
 */
final class KillCheckingDrp implements Drp {

    private final Supplier<Drp> drp;
    private final TaskletContext ctx;

    KillCheckingDrp(Supplier<Drp> drp, TaskletContext ctx) {
        this.drp = drp;
        this.ctx = ctx;
    }

    private Drp drp() {
        Drp d = drp.get();
        if (d == null) {
            throw new DrpException("no data repository (org.wfe.api.drp.Drp service) is available");
        }
        return d;
    }

    @Override
    public CompletionStage<RootObject> save(RootObject object) {
        ctx.checkKilled();
        return drp().save(object);
    }

    @Override
    public CompletionStage<Boolean> delete(String type, String guid) {
        ctx.checkKilled();
        return drp().delete(type, guid);
    }

    @Override
    public Optional<RootObject> get(String type, String guid) {
        return drp().get(type, guid);
    }

    @Override
    public List<RootObject> find(String type, Map<String, Object> fieldEquals, int offset, int limit) {
        return drp().find(type, fieldEquals, offset, limit);
    }

    @Override
    public long count(String type, Map<String, Object> fieldEquals) {
        return drp().count(type, fieldEquals);
    }

    @Override
    public List<String> types() {
        return drp().types();
    }

    @Override
    public DrpStatus status() {
        return drp().status();
    }
}
