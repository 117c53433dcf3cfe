package org.wfe.drp.impl;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

import org.osgi.service.jdbc.DataSourceFactory;
import org.wfe.api.drp.DrpException;

/**
 * The configuration turned into what the component needs: the driver to wait for, the JDBC properties to
 * hand the DataSourceFactory, the settings of the repository. Checked once, with clear messages.
 */
record StoreConfig(String store, String driverClass, String url, String user, String password,
        Repository.Settings settings, PoolSettings pool, ClusterSettings cluster) {

    static final String H2 = "h2";
    static final String POSTGRESQL = "postgresql";

    static StoreConfig of(DrpConfig c, Path home) {
        String store = c.store() == null ? H2 : c.store().strip().toLowerCase(Locale.ROOT);
        String url = c.url() == null ? "" : c.url().strip();
        String driver;
        switch (store) {
            case H2 -> {
                driver = "org.h2.Driver";
                if (url.isEmpty()) {
                    url = "jdbc:h2:file:" + home.resolve("var/db/wfe").toAbsolutePath().normalize();
                }
                StoreUrl.checkH2(url);
                url = durableH2(url);
            }
            case POSTGRESQL -> {
                driver = "org.postgresql.Driver";
                if (url.isEmpty()) {
                    throw new DrpException("store=postgresql needs a url, e.g. jdbc:postgresql://db.example:5432/wfe");
                }
                StoreUrl.checkPostgresql(url);
                // lets the driver send a batch of inserts as multi-row statements: several times faster
                if (!url.contains("reWriteBatchedInserts")) {
                    url += (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
                }
            }
            default -> throw new DrpException("store must be h2 or postgresql, got '" + c.store() + "'");
        }
        if (c.queueCapacity() < 1 || c.maxBatch() < 1 || c.maxObjectSize() < 1024) {
            throw new DrpException("queueCapacity and maxBatch must be at least 1 and maxObjectSize at least 1024, got "
                    + c.queueCapacity() + ", " + c.maxBatch() + ", " + c.maxObjectSize());
        }
        String user = c.user() == null || c.user().isBlank() ? (store.equals(H2) ? "sa" : "") : c.user().strip();
        Repository.Settings s = new Repository.Settings(store, Stores.redact(url), c.queueCapacity(), c.maxBatch(),
                c.maxObjectSize(), 10_000);
        PoolSettings pool;
        try {
            pool = new PoolSettings(c.maxReadConnections(), c.minIdleReadConnections(),
                    Durations.parse("readConnectionTimeout", c.readConnectionTimeout()),
                    Durations.parse("signalPollInterval", c.signalPollInterval()));
        } catch (IllegalArgumentException e) {
            throw new DrpException(e.getMessage());
        }
        ClusterSettings cluster = null;
        if (c.cluster()) {
            if (!store.equals(POSTGRESQL)) {
                throw new DrpException("cluster=true needs store=postgresql: an H2 store belongs to one engine");
            }
            cluster = ClusterSettings.of(c.node(), c.leaseSeconds(), c.renewSeconds(), home);
        }
        return new StoreConfig(store, driver, url, user, c.password() == null ? "" : c.password(), s, pool, cluster);
    }

    /** H2's default commit is not crash-safe (WRITE_DELAY 500 ms): acknowledge only what is written. */
    static String durableH2(String url) {
        return url.toUpperCase(Locale.ROOT).contains("WRITE_DELAY") ? url : url + ";WRITE_DELAY=0";
    }

    /** The properties for {@link DataSourceFactory#createDataSource(Properties)}. */
    Properties jdbcProperties() {
        Properties p = new Properties();
        p.setProperty(DataSourceFactory.JDBC_URL, url);
        if (!user.isEmpty()) {
            p.setProperty(DataSourceFactory.JDBC_USER, user);
        }
        if (!password.isEmpty()) {
            p.setProperty(DataSourceFactory.JDBC_PASSWORD, password);
        }
        return p;
    }

    @Override
    public String toString() { // the record's default would print the password
        return "StoreConfig[" + store + " at " + settings.location() + " as " + user + "]";
    }
}
