package org.wfe.tasklet.engine.impl;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.wfe.api.drp.Drp;
import org.wfe.api.drp.DrpStatus;
import org.wfe.api.drp.InvalidObjectException;
import org.wfe.api.drp.RootObject;
import org.wfe.api.drp.StaleVersionException;

/** A repository in memory for unit tests: versions checked like the real one, every write at once "durable". */
final class InMemoryDrp implements Drp {

    final Map<String, RootObject> objects = new ConcurrentHashMap<>();
    private final List<String> types;

    InMemoryDrp(String... types) {
        this.types = List.of(types);
    }

    @Override
    public synchronized CompletionStage<RootObject> save(RootObject o) {
        if (!types.contains(o.type())) {
            return CompletableFuture.failedStage(new InvalidObjectException("unknown type " + o.type()));
        }
        RootObject old = objects.get(o.type() + "/" + o.guid());
        long stored = old == null ? 0 : old.version();
        if (o.version() != stored) {
            return CompletableFuture.failedStage(new StaleVersionException(o.type(), o.guid(), o.version(), stored));
        }
        RootObject saved = new RootObject(o.type(), o.guid(), stored + 1, o.body(),
                old == null ? Instant.now() : old.created(), Instant.now());
        objects.put(o.type() + "/" + o.guid(), saved);
        return CompletableFuture.completedStage(saved);
    }

    @Override
    public CompletionStage<Boolean> delete(String type, String guid) {
        return CompletableFuture.completedStage(objects.remove(type + "/" + guid) != null);
    }

    @Override
    public Optional<RootObject> get(String type, String guid) {
        return Optional.ofNullable(objects.get(type + "/" + guid));
    }

    @Override
    public List<RootObject> find(String type, Map<String, Object> fieldEquals, int offset, int limit) {
        return objects.values().stream().filter(o -> o.type().equals(type))
                .filter(o -> fieldEquals.entrySet().stream().allMatch(e -> e.getValue().equals(o.body().get(e.getKey()))))
                .skip(offset).limit(limit).toList();
    }

    @Override
    public long count(String type, Map<String, Object> fieldEquals) {
        return find(type, fieldEquals, 0, Integer.MAX_VALUE).size();
    }

    @Override
    public List<String> types() {
        return types;
    }

    @Override
    public DrpStatus status() {
        return new DrpStatus("memory", "memory", true, null, 0, 0, 0, 0, 0);
    }
}
