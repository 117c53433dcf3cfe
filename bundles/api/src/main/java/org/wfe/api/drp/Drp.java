package org.wfe.api.drp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The data repository for root objects. Every write goes through one writer that commits in groups;
 * a returned stage completes only once the write is durable. Reads see the caller's acknowledged writes.
 * Bad input (unknown type, malformed guid, a body that is not JSON-compatible or too large) fails the
 * returned stage at once, before anything is queued.
 * <p>
 * A type is known when a bundle names it in its {@value #TYPES_HEADER} manifest header (a comma-separated
 * list, e.g. {@code Wfe-RootObjectTypes: machine, vmachine}) or when the repository configuration lists it.
 */
@ProviderType
public interface Drp {

    /** Manifest header by which a bundle declares the root-object types it brings. */
    String TYPES_HEADER = "Wfe-RootObjectTypes";

    /** Creates (version 0) or updates (the stored version) an object; completes with the saved object. */
    CompletionStage<RootObject> save(RootObject object);

    /** Completes with true when an object was deleted. */
    CompletionStage<Boolean> delete(String type, String guid);

    Optional<RootObject> get(String type, String guid);

    /** Objects of {@code type} whose top-level body fields equal the given values, oldest first. */
    List<RootObject> find(String type, Map<String, Object> fieldEquals, int offset, int limit);

    long count(String type, Map<String, Object> fieldEquals);

    /** The types this repository accepts. */
    List<String> types();

    DrpStatus status();
}
