/**
 * The data repository writer: stores jobs, job logs and root objects in H2 (embedded) or PostgreSQL through
 * ONE writer thread that group-commits.
 *
 * <h2>The writer model</h2>
 * <ul>
 * <li><b>Submit.</b> {@code save}, {@code delete}, {@code saveJob} and {@code appendLog} validate and encode
 * on the caller's thread ({@link org.wfe.drp.impl.Validation}): unknown type, a guid that is not a UUID, a
 * value that is not JSON-compatible or a body over {@code maxObjectSize} fail the returned stage at once
 * with {@code InvalidObjectException}, and nothing is queued. Valid writes go into a bounded queue; when it
 * is full the caller blocks (backpressure), nothing is ever dropped.</li>
 * <li><b>Group commit.</b> The writer thread ({@link org.wfe.drp.impl.Writer}) takes everything queued, up to
 * {@code maxBatch}, applies it in one transaction and commits once, so the cost of a durable commit is
 * shared by every write of the batch: the busier the engine, the larger the batches and the higher the
 * throughput. Job saves of one guid within a batch coalesce (the last one wins).</li>
 * <li><b>Acknowledge after commit.</b> A stage completes only after its batch committed and reached the disk
 * (PostgreSQL: synchronous commit; H2: {@code WRITE_DELAY=0} so the commit is written at once, then one
 * {@code CHECKPOINT SYNC}, an fsync shared by the whole batch), on a platform thread rather than the writer,
 * so a caller's continuation can never stall the writer. Reads use their own pooled connections and so
 * see every acknowledged write.</li>
 * <li><b>Failures.</b> A batch the store refuses (a constraint, bad data) is bisected until only the guilty
 * writes fail; a stale version fails just its save without an SQL error. A batch that fails because the
 * store is unreachable is kept and retried with backoff: {@code status()} says down with the last error,
 * new writes queue up (then block), and once the store is back everything queued is written. A kill -9
 * loses nothing acknowledged, and a batch is all or nothing.</li>
 * <li><b>Schema.</b> {@link org.wfe.drp.impl.Schema} applies numbered SQL scripts (same SQL on both stores)
 * and records them in {@code wfe_schema_version}; a store with a newer schema is refused.</li>
 * <li><b>H2 file size.</b> MVStore appends a chunk per commit and reuses the space of old chunks only
 * after its 45 s retention time, so the file holds the live data plus about 45 s of write volume (some
 * 450 MiB right after 200,000 jobs written at full speed); it shrinks again when the store closes.</li>
 * <li><b>Retention.</b> {@link org.wfe.drp.impl.RetentionComponent} (PID {@code org.wfe.retention}) purges
 * finished job trees through {@link org.wfe.drp.impl.Purger}: candidates read on a read connection, each
 * batch deleted by the writer as one queued write ({@code Write.PurgeTrees}, re-checked in its transaction),
 * paced so the purge has at most half of the writer's time. Indexes {@code idx_jobs_purge} and
 * {@code idx_jobs_purge_tree} (V4).</li>
 * <li><b>Connections and signals.</b> Reads share a bounded HikariCP pool ({@link org.wfe.drp.impl.ReadPool},
 * {@link org.wfe.drp.impl.PoolSettings}); {@link org.wfe.drp.impl.Signals} implements
 * {@code org.wfe.api.drp.StoreSignals} (NOTIFY batches on the pool, one LISTEN connection outside it, a poll
 * fallback). The model and the connection budget are in bundles/drp/README.md.</li>
 * <li><b>OSGi.</b> {@link org.wfe.drp.impl.DrpComponent} (configuration PID {@code org.wfe.drp}) takes the
 * JDBC driver from the {@code DataSourceFactory} service of the configured store, opens the repository and
 * only then registers it as {@code Drp} and {@code JobStore}. Everything else is plain Java: tests and
 * benchmarks run {@link org.wfe.drp.impl.Repository} with a DataSource made directly.</li>
 * </ul>
 */
package org.wfe.drp.impl;
