package org.wfe.api.drp;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A typed document in the repository (a machine, a vmachine...). The body is JSON-compatible: maps with
 * string keys, lists, strings, numbers, booleans and null.
 *
 * @param version 0 for an object never saved; the repository increments it on every save, and a save
 *        whose version is not the stored one fails with {@link StaleVersionException}
 */
public record RootObject(String type, String guid, long version, Map<String, Object> body, Instant created,
        Instant modified) {

    public RootObject {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(guid, "guid");
        body = body == null ? Map.of() : body;
    }

    /** A new object of {@code type} with a fresh guid, not yet saved. */
    public static RootObject create(String type, Map<String, Object> body) {
        return new RootObject(type, java.util.UUID.randomUUID().toString(), 0, body, null, null);
    }

    public RootObject withBody(Map<String, Object> newBody) {
        return new RootObject(type, guid, version, newBody, created, modified);
    }
}
