package org.wfe.drp.impl;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import javax.sql.DataSource;

import org.wfe.api.drp.Drp;
import org.wfe.api.drp.DrpException;
import org.wfe.api.drp.DrpStatus;
import org.wfe.api.drp.JobStore;
import org.wfe.api.drp.RootObject;
import org.wfe.api.drp.StoreSignals;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.LogLine;

/**
 * The repository behind both services: writes are validated here and queued to the {@link Writer}; reads
 * run on pooled connections. Plain Java, so tests and benchmarks use it with a DataSource made directly.
 */
public final class Repository implements Drp, JobStore, StoreSignals, AutoCloseable {

    /**
     * How the repository runs.
     *
     * @param store {@code h2} or {@code postgresql}, for status
     * @param location file or URL without credentials, for status and messages
     */
    public record Settings(String store, String location, int queueCapacity, int maxBatch, long maxObjectSize,
            long closeGraceMillis) {

        public Settings {
            if (queueCapacity < 1 || maxBatch < 1 || maxObjectSize < 1) {
                throw new IllegalArgumentException("queueCapacity, maxBatch and maxObjectSize must be positive, got "
                        + queueCapacity + ", " + maxBatch + ", " + maxObjectSize);
            }
        }

        public static Settings defaults(String store, String location) {
            return new Settings(store, location, 10_000, 1_000, 16L << 20, 10_000);
        }

        public Settings withQueue(int capacity, int batch) {
            return new Settings(store, location, capacity, batch, maxObjectSize, closeGraceMillis);
        }

        public Settings withMaxObjectSize(long size) {
            return new Settings(store, location, queueCapacity, maxBatch, size, closeGraceMillis);
        }

        public Settings withCloseGrace(long millis) {
            return new Settings(store, location, queueCapacity, maxBatch, maxObjectSize, millis);
        }
    }

    private final Settings settings;
    private final TypeRegistry types;
    private final Validation validation;
    private final ReadPool reads;
    private final Signals signals;
    private final Writer writer;
    private final int schemaVersion;
    /** Cluster mode only (else null): the jobs this node owns, and its lease. */
    private final Ownership ownership;
    private final NodeLease lease;

    private Repository(DataSource ds, Settings settings, TypeRegistry types, PoolSettings pool, int schemaVersion,
            ClusterSettings cluster) {
        this.settings = settings;
        this.types = types;
        this.validation = new Validation(types, settings.maxObjectSize());
        this.reads = new ReadPool(ds, pool, "wfe-drp-reads");
        this.signals = new Signals(settings.store(), ds, reads, pool.signalPoll());
        this.ownership = cluster == null ? null : new Ownership();
        this.lease = cluster == null ? null : new NodeLease(ds, cluster, ownership);
        // H2's commit reaches the OS, not the disk: CHECKPOINT SYNC forces it there, once per batch
        this.writer = new Writer(ds, settings.queueCapacity(), settings.maxBatch(), settings.closeGraceMillis(),
                "h2".equals(settings.store()) ? "CHECKPOINT SYNC" : null, ownership);
        this.schemaVersion = schemaVersion;
    }

    /**
     * Migrates the store's schema and starts the writer.
     *
     * @throws DrpException when the store cannot be reached or its schema is newer than this code
     */
    public static Repository open(DataSource ds, Settings settings, Collection<String> configuredTypes) {
        return open(ds, settings, new TypeRegistry(configuredTypes));
    }

    static Repository open(DataSource ds, Settings settings, TypeRegistry types) {
        return open(ds, settings, types, PoolSettings.DEFAULTS, null);
    }

    /** As {@link #open(DataSource, Settings, Collection)}, with the read pool's cap and the signals' poll. */
    public static Repository open(DataSource ds, Settings settings, Collection<String> configuredTypes, PoolSettings pool) {
        return open(ds, settings, new TypeRegistry(configuredTypes), pool, null);
    }

    static Repository open(DataSource ds, Settings settings, TypeRegistry types, PoolSettings pool) {
        return open(ds, settings, types, pool, null);
    }

    static Repository open(DataSource ds, Settings settings, Collection<String> configuredTypes, ClusterSettings cluster) {
        return open(ds, settings, new TypeRegistry(configuredTypes), PoolSettings.DEFAULTS, cluster);
    }

    /**
     * With {@code cluster} (PostgreSQL), registers this engine as a node first. Without it on PostgreSQL,
     * refuses to open beside live cluster nodes: a single engine repairs every unfinished job at start,
     * theirs included.
     */
    static Repository open(DataSource ds, Settings settings, Collection<String> configuredTypes, PoolSettings pool,
            ClusterSettings cluster) {
        return open(ds, settings, new TypeRegistry(configuredTypes), pool, cluster);
    }

    static Repository open(DataSource ds, Settings settings, TypeRegistry types, PoolSettings pool, ClusterSettings cluster) {
        List<String> live = List.of();
        try (Connection c = ds.getConnection()) {
            Schema.migrate(c, settings.location());
            if (cluster == null && StoreConfig.POSTGRESQL.equals(settings.store())) {
                live = NodeSql.liveNodes(c);
            }
        } catch (SQLException e) {
            throw new DrpException("cannot open the " + settings.store() + " store at " + settings.location() + ": "
                    + Stores.describe(e), e);
        }
        if (!live.isEmpty()) {
            throw new DrpException("the store at " + settings.location() + " is in use by cluster nodes " + live
                    + ": a single engine would end their running jobs. Set cluster=true in org.wfe.drp to join them");
        }
        Repository r = new Repository(ds, settings, types, pool, Schema.LATEST, cluster);
        if (r.lease != null) {
            try {
                r.lease.start();
            } catch (DrpException e) {
                r.reads.close();
                throw e;
            }
        }
        r.writer.start();
        return r;
    }

    TypeRegistry typeRegistry() {
        return types;
    }

    /** Commit counters, for tests of the group commit. */
    Rates rates() {
        return writer.rates();
    }

    // ---------------------------------------------------------------- writes

    @Override
    public CompletionStage<RootObject> save(RootObject object) {
        return submit(() -> validation.saveObject(object));
    }

    @Override
    public CompletionStage<Boolean> delete(String type, String guid) {
        return submit(() -> {
            if (type == null) {
                throw new org.wfe.api.drp.InvalidObjectException("cannot delete: the type is null");
            }
            return new Write.DeleteObject(type, Validation.guid(type, guid), new CompletableFuture<>());
        });
    }

    @Override
    public CompletionStage<Void> saveJob(Job job) {
        return submit(() -> validation.saveJob(job));
    }

    @Override
    public CompletionStage<Void> appendLog(String jobGuid, Collection<LogLine> lines) {
        if (lines != null && lines.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return submit(() -> Validation.appendLog(jobGuid, lines));
    }

    @SuppressWarnings("unchecked")
    private <T> CompletionStage<T> submit(java.util.function.Supplier<Write> make) {
        Write w;
        try {
            w = make.get();
        } catch (DrpException e) {
            return CompletableFuture.failedStage(e);
        }
        // callers get a stage they cannot complete themselves
        return (CompletionStage<T>) writer.submit(w).minimalCompletionStage();
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<RootObject> get(String type, String guid) {
        String g = Validation.guid(type, guid);
        return read(c -> ObjectSql.get(c, type, g));
    }

    @Override
    public List<RootObject> find(String type, Map<String, Object> fieldEquals, int offset, int limit) {
        page(offset, limit);
        Map<String, String> keys = Validation.findKeys(fieldEquals);
        return read(c -> ObjectSql.find(c, type, keys, offset, limit));
    }

    @Override
    public long count(String type, Map<String, Object> fieldEquals) {
        Map<String, String> keys = Validation.findKeys(fieldEquals);
        return read(c -> ObjectSql.count(c, type, keys));
    }

    private static void page(int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("offset must be >= 0 and limit within 1..10000, got offset " + offset
                    + ", limit " + limit);
        }
    }

    @Override
    public List<String> types() {
        return types.types();
    }

    @Override
    public Optional<Job> job(String guid) {
        return read(c -> JobSql.job(c, guid));
    }

    @Override
    public List<Job> children(String parentGuid) {
        return read(c -> JobSql.children(c, parentGuid));
    }

    @Override
    public List<Job> jobs(JobQuery query) {
        return read(c -> JobSql.jobs(c, query));
    }

    @Override
    public List<Job> unfinishedJobs() {
        return read(JobSql::unfinished);
    }

    @Override
    public List<LogLine> log(String jobGuid, long fromSeq, int limit) {
        page(0, limit);
        return read(c -> JobSql.log(c, jobGuid, fromSeq, limit));
    }

    @Override
    public long logSize(String jobGuid) {
        return read(c -> JobSql.logSize(c, jobGuid));
    }

    /** Queues the delete of these finished trees; see {@link Purger}. */
    CompletableFuture<Object> purgeTrees(List<String> rootGuids) {
        return writer.submit(new Write.PurgeTrees(List.copyOf(rootGuids), new CompletableFuture<>()));
    }

    /** One purge run under {@code policy}; {@code dryRun} only counts. */
    public org.wfe.api.retention.PurgeReport purge(RetentionPolicy policy, boolean dryRun, String trigger) {
        return new Purger(this, policy).run(dryRun, trigger, java.time.Instant.now());
    }

    <T> T read(ReadPool.SqlWork<T> work) {
        try {
            return reads.with(work);
        } catch (SQLException e) {
            throw new DrpException("reading the " + settings.store() + " store failed: " + Stores.describe(e), e);
        }
    }

    // ---------------------------------------------------------------- signals (see Signals)

    @Override
    public void signal(String channel, String payload) {
        signals.signal(channel, payload);
    }

    @Override
    public Subscription subscribe(String channel, Listener listener) {
        return signals.subscribe(channel, listener);
    }

    Signals signals() {
        return signals;
    }

    ReadPool readPool() {
        return reads;
    }

    // ---------------------------------------------------------------- cluster mode

    @Override
    public boolean clustered() {
        return ownership != null;
    }

    @Override
    public List<org.wfe.api.drp.TakenJob> takeOverExpired() {
        Ownership.Self me = ownership == null ? null : ownership.self();
        if (me == null || ownership.fenced() != null) {
            return List.of();
        }
        List<org.wfe.api.drp.TakenJob> taken = read(c -> NodeSql.takeOver(c, me, 1_000));
        if (!me.equals(ownership.self()) || ownership.fenced() != null) {
            return List.of(); // fenced meanwhile: the jobs it took go to the next sweep, anyone's
        }
        taken.forEach(t -> ownership.tookOver(t.job().guid(), t.epoch()));
        return taken;
    }

    @Override
    public void onFenced(java.util.function.Consumer<String> listener) {
        if (lease != null) {
            lease.onFenced(listener);
        }
    }

    @Override
    public String nodeId() {
        Ownership.Self me = ownership == null ? null : ownership.self();
        return me == null ? null : me.node();
    }

    @Override
    public List<org.wfe.api.drp.NodeInfo> nodes() {
        return ownership == null ? List.of() : read(c -> NodeSql.nodes(c, ownership.self()));
    }

    private volatile boolean draining;

    @Override
    public boolean draining(boolean on) {
        Ownership.Self me = ownership == null ? null : ownership.self();
        if (me == null) {
            return false;
        }
        draining = on;
        read(c -> NodeSql.state(c, me, on ? NodeSql.DRAINING : NodeSql.ACTIVE));
        return true;
    }

    @Override
    public boolean isDraining() {
        return draining;
    }

    @Override
    public boolean requestKill(String guid, String user) {
        if (ownership == null || ownership.self() == null) {
            return false;
        }
        String g = Validation.guid("job", guid);
        return read(c -> KillSql.request(c, g, user));
    }

    @Override
    public java.util.Map<String, String> killRequests() {
        Ownership.Self me = ownership == null ? null : ownership.self();
        if (me == null || ownership.fenced() != null) {
            return java.util.Map.of();
        }
        return read(c -> KillSql.mine(c, me));
    }

    /** Cluster mode: why this node may not act for its jobs now (fenced), or null. */
    String fenced() {
        return ownership == null ? null : ownership.fenced();
    }

    // ---------------------------------------------------------------- status

    @Override
    public DrpStatus status() {
        long now = System.currentTimeMillis();
        Rates r = writer.rates();
        return new DrpStatus(settings.store(), settings.location(), writer.isUp(), writer.lastError(),
                writer.queueDepth(), r.commitsPerSecond(now), r.writesPerSecond(now), r.totalWrites(), schemaVersion);
    }

    /** Who hears of each of the writer's commits. */
    void onCommit(org.wfe.api.drp.CommitListener l) {
        writer.onCommit(l);
    }

    /**
     * Asks the store for a valid connection (from the read pool), for the store health check: an idle
     * engine's writer would not notice a store that went away until its next write. Null when it answers.
     */
    String probe() {
        try {
            return reads.with(c -> {
                if (!c.isValid(2)) {
                    throw new SQLException("no answer within 2 s");
                }
                return null;
            });
        } catch (SQLException e) {
            return Stores.describe(e);
        }
    }

    WriterCheck.State writerState() {
        return writer.state();
    }

    /** Writes what is queued (waiting a grace time for a down store), then releases the connections. */
    @Override
    public void close() {
        signals.close();
        writer.close();
        if (lease != null) {
            lease.close(); // after the writer: the node's last writes are in before its lease ends
        }
        reads.close();
    }
}
