package org.wfe.drp.impl;

import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.hc.api.HealthCheck;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.drp.CommitListener;
import org.wfe.api.drp.Drp;
import org.wfe.api.drp.JobStore;
import org.wfe.api.drp.StoreSignals;
import org.wfe.api.health.EngineHealth;

/**
 * OSGi glue: picks the DataSourceFactory of the configured store (the drivers are separate bundles), opens
 * the {@link Repository} off the DS thread, retrying while the store is unreachable, and only then
 * registers it as {@link Drp} and {@link JobStore}, so that users never see a repository that cannot read.
 * Root-object types come from the configuration and from bundles' {@code Wfe-RootObjectTypes} headers.
 */
@Component(service = {}, immediate = true, configurationPid = "org.wfe.drp")
@Designate(ocd = DrpConfig.class)
public class DrpComponent {

    private static final Logger LOG = LoggerFactory.getLogger(DrpComponent.class);

    private final Map<String, DataSourceFactory> factories = new ConcurrentHashMap<>();
    private BundleContext context;
    private StoreConfig config;
    private TypeRegistry types;
    private BundleTracker<Bundle> tracker;
    private boolean active;
    private int generation; // bumped whenever an opening attempt becomes obsolete
    private int switches; // bumped by every accepted configuration: only the newest may replace the store
    private boolean opening;
    private DataSourceFactory used;
    private Repository repository;
    private ServiceRegistration<?> registration;
    private final CommitListeners commitListeners = new CommitListeners();
    /** Why the store is not open (the last opening failure), for the store health check. */
    private volatile String openProblem;
    /** Why the store will not be opened at all (a newer schema), for the store health check. */
    private volatile String refusal;
    private List<ServiceRegistration<?>> checks = List.of();

    // both drivers are tracked (not one by a config-dependent target) so that the store can be chosen by
    // store=h2|postgresql alone; the one matching the configuration is used
    @Reference(name = "dataSourceFactory", service = DataSourceFactory.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            target = "(|(osgi.jdbc.driver.class=org.h2.Driver)(osgi.jdbc.driver.class=org.postgresql.Driver))")
    void addFactory(DataSourceFactory f, Map<String, Object> props) {
        Object driver = props.get(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS);
        if (driver != null) {
            factories.put(driver.toString(), f);
            reconcile();
        }
    }

    @Reference(name = "commitListener", service = CommitListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addCommitListener(CommitListener l) {
        commitListeners.add(l);
    }

    void removeCommitListener(CommitListener l) {
        commitListeners.remove(l);
    }

    void removeFactory(DataSourceFactory f, Map<String, Object> props) {
        factories.values().remove(f);
        Repository gone = null;
        synchronized (this) {
            if (f == used) {
                LOG.warn("the {} driver went away: the repository stops until it returns", config.store());
                gone = stopRepository();
            }
        }
        if (gone != null) {
            gone.close();
        }
        reconcile();
    }

    @Activate
    void activate(BundleContext ctx, DrpConfig cfg) {
        StoreConfig sc = StoreConfig.of(cfg, home(ctx));
        TypeRegistry configured = new TypeRegistry(List.of(cfg.types()));
        BundleTracker<Bundle> t = new BundleTracker<>(ctx, Bundle.STARTING | Bundle.ACTIVE, new TypesFromBundles(configured));
        synchronized (this) {
            context = ctx;
            config = sc;
            types = configured;
            tracker = t;
            active = true;
        }
        t.open();
        LOG.info("data repository: {} store at {}", sc.store(), sc.settings().location());
        openProblem = null;
        refusal = null;
        checks = new java.util.ArrayList<>(List.of(
                ctx.registerService(HealthCheck.class, new StoreCheck(this::storeView), checkProps(StoreCheck.NAME)),
                ctx.registerService(HealthCheck.class, new WriterCheck(this::writerState), checkProps(WriterCheck.NAME))));
        if (sc.cluster() != null) {
            LOG.info("cluster mode: node {}", sc.cluster().node());
            checks.add(ctx.registerService(HealthCheck.class, new ClusterCheck(this::openRepository, sc.cluster().node()),
                    checkProps(ClusterCheck.NAME)));
        }
        reconcile();
    }

    /**
     * A bad configuration (unknown store, a word for a number, a refused url option) is refused with one log
     * line and the open repository stays as it is. A good one replaces a working repository only once the new
     * store is open: until then (and for ever, when it cannot be opened) the engine keeps working on the old
     * one, and the services built on it stay. With nothing working to keep, it starts over as a reactivation.
     */
    @Modified
    void modified(BundleContext ctx, DrpConfig cfg) {
        StoreConfig sc;
        try {
            sc = StoreConfig.of(cfg, home(ctx));
            List.of(cfg.types());
        } catch (RuntimeException e) {
            LOG.error("configuration org.wfe.drp refused, the repository keeps its last good configuration: {}", e.getMessage());
            return;
        }
        DataSourceFactory f;
        int gen;
        synchronized (this) {
            f = factories.get(sc.driverClass());
            gen = ++switches;
            if (repository == null) {
                f = null;
            }
        }
        if (f == null) {
            deactivate();
            activate(ctx, cfg);
            return;
        }
        DataSourceFactory factory = f;
        // a platform thread: the engine's own work never waits for a carrier that spinning tasklets hold
        Thread.ofPlatform().name("wfe-drp-switch").daemon().start(() -> switchTo(factory, sc, cfg.types(), gen));
    }

    /** Opens the configured store beside the working one, then puts it in its place. */
    private void switchTo(DataSourceFactory f, StoreConfig sc, String[] configuredTypes, int gen) {
        TypeRegistry t = new TypeRegistry(List.of(configuredTypes));
        BundleTracker<Bundle> tr = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE, new TypesFromBundles(t));
        tr.open();
        Repository candidate;
        try {
            candidate = Repository.open(f.createDataSource(sc.jdbcProperties()), sc.settings(), t, sc.pool(), sc.cluster());
        } catch (Exception e) {
            tr.close();
            LOG.error("configuration org.wfe.drp refused, the repository keeps its last good configuration: {}",
                    e instanceof org.wfe.api.drp.DrpException ? e.getMessage() : "cannot open the new " + sc.store() + " store at "
                            + sc.settings().location() + ": " + Stores.describe(e));
            return;
        }
        Repository old;
        ServiceRegistration<?> oldRegistration;
        BundleTracker<Bundle> oldTracker;
        synchronized (this) {
            if (gen != switches || !active || repository == null) { // superseded, deactivated, or the old one failed
                old = candidate;
                oldRegistration = null;
                oldTracker = tr;
            } else {
                old = repository;
                oldRegistration = registration;
                oldTracker = tracker;
                generation++;
                config = sc;
                types = t;
                tracker = tr;
                used = f;
                repository = candidate;
                registration = register(candidate, sc);
            }
        }
        if (oldRegistration != null) {
            unregister(oldRegistration);
        }
        old.close();
        oldTracker.close();
    }

    private static Path home(BundleContext ctx) {
        String home = ctx.getProperty("wfe.home");
        return Path.of(home == null || home.isBlank() ? "." : home);
    }

    private static Hashtable<String, Object> checkProps(String name) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(HealthCheck.NAME, name);
        p.put(HealthCheck.TAGS, new String[] {EngineHealth.TAG});
        return p;
    }

    private StoreCheck.View storeView() {
        Repository r;
        StoreConfig c;
        synchronized (this) {
            r = repository;
            c = config;
        }
        // the probe talks to the store: outside the lock, so a slow answer holds up no configuration change
        return new StoreCheck.View(c.store(), c.settings().location(), r == null ? null : r.status(), openProblem, refusal,
                r == null ? null : r.probe());
    }

    private synchronized Repository openRepository() {
        return repository;
    }

    private synchronized WriterCheck.State writerState() {
        return repository == null ? null : repository.writerState();
    }

    @Deactivate
    void deactivate() {
        checks.forEach(DrpComponent::unregister);
        checks = List.of();
        Repository r;
        BundleTracker<Bundle> t;
        synchronized (this) {
            active = false;
            r = stopRepository();
            t = tracker;
        }
        if (r != null) {
            r.close();
        }
        t.close();
    }

    /** Starts opening the store when its driver is there and nothing is open or opening. */
    private synchronized void reconcile() {
        if (!active || repository != null || opening) {
            return;
        }
        DataSourceFactory f = factories.get(config.driverClass());
        if (f == null) {
            LOG.info("waiting for a DataSourceFactory with {}={}", DataSourceFactory.OSGI_JDBC_DRIVER_CLASS,
                    config.driverClass());
            return;
        }
        opening = true;
        used = f;
        int gen = generation;
        StoreConfig sc = config;
        Thread.ofPlatform().name("wfe-drp-open").daemon().start(() -> open(f, sc, gen));
    }

    private void open(DataSourceFactory f, StoreConfig sc, int gen) {
        long backoff = 500;
        for (int attempt = 1; ; attempt++) {
            try {
                Repository r = Repository.open(f.createDataSource(sc.jdbcProperties()), sc.settings(), types, sc.pool(), sc.cluster());
                synchronized (this) {
                    if (gen == generation && active) {
                        repository = r;
                        openProblem = null;
                        opening = false;
                        registration = register(r, sc);
                        return;
                    }
                }
                r.close(); // obsolete: deactivated or the driver changed while we opened
                return;
            } catch (Schema.TooNewException e) {
                LOG.error(e.getMessage());
                refusal = e.getMessage();
                synchronized (this) {
                    opening = gen == generation ? false : opening;
                }
                return;
            } catch (Exception e) {
                String why = Stores.inUseByAnotherEngine(e) ? Stores.H2_IN_USE : e.getMessage();
                openProblem = "cannot open it (attempt " + attempt + "): " + why;
                if (attempt == 1 || attempt % 10 == 0) {
                    LOG.warn("cannot open the {} store (attempt {}), retrying: {}", sc.store(), attempt, why);
                }
            }
            synchronized (this) {
                if (gen != generation || !active) {
                    opening = gen == generation ? false : opening;
                    return;
                }
            }
            try {
                Thread.sleep(backoff); // waiting for the store on our own thread
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(backoff * 2, 10_000);
        }
    }

    private ServiceRegistration<?> register(Repository r, StoreConfig sc) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("wfe.drp.store", sc.store());
        r.onCommit(commitListeners);
        ServiceRegistration<?> reg = context.registerService(new String[] {Drp.class.getName(), JobStore.class.getName(),
                StoreSignals.class.getName()}, r, props);
        LOG.info("data repository open: {} store at {}", sc.store(), sc.settings().location());
        return reg;
    }

    private static void unregister(ServiceRegistration<?> reg) {
        try {
            reg.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it when the bundle stopped
        }
    }

    /** Unregisters and forgets the repository; the caller closes it outside the lock. */
    private Repository stopRepository() {
        generation++;
        opening = false;
        used = null;
        if (registration != null) {
            unregister(registration);
            registration = null;
        }
        Repository r = repository;
        repository = null;
        return r;
    }
}
