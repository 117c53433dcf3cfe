package org.wfe.api.drp;

/**
 * What operators see of the repository.
 *
 * @param store {@code h2} or {@code postgresql}
 * @param location file path or JDBC URL without credentials
 * @param up false while the store cannot be reached (writes stay queued)
 * @param lastError the last store error, null when none
 * @param queueDepth writes waiting for the writer
 * @param commitsPerSecond group commits in the last seconds
 * @param writesPerSecond writes committed in the last seconds
 * @param schemaVersion the migrated schema version
 */
public record DrpStatus(String store, String location, boolean up, String lastError, int queueDepth,
        double commitsPerSecond, double writesPerSecond, long committedWrites, int schemaVersion) {
}
