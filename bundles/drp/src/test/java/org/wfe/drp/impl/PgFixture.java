package org.wfe.drp.impl;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh PostgreSQL database per test on the cluster cnf/services/services.sh started (its services.env
 * in the environment). Without WFE_TEST_PG_URL the tests are skipped, or fail when CI is set.
 */
final class PgFixture implements StoreFixture {

    static final String URL = System.getenv("WFE_TEST_PG_URL");
    static final String USER = System.getenv("WFE_TEST_PG_USER");
    static final String PASSWORD = System.getenv("WFE_TEST_PG_PASSWORD");

    private final String database = "wfe_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private final PGSimpleDataSource ds = new PGSimpleDataSource();
    private final String url;

    /** Skips (or, under CI, fails) the calling test when no PostgreSQL is configured. */
    static void requirePostgres() {
        if (URL == null || URL.isBlank()) {
            String why = "WFE_TEST_PG_URL is not set: run `cnf/services/services.sh start DIR` and export DIR/services.env";
            if (System.getenv("CI") != null) {
                fail("CI is set but " + why);
            }
            Assumptions.abort(why);
        }
    }

    PgFixture() throws SQLException {
        requirePostgres();
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
        url = URL.substring(0, URL.lastIndexOf('/') + 1) + database;
        ds.setURL(url);
        ds.setUser(USER);
        ds.setPassword(PASSWORD);
        ds.setReWriteBatchedInserts(true);
    }

    @Override
    public String store() {
        return "postgresql";
    }

    @Override
    public DataSource dataSource() {
        return ds;
    }

    @Override
    public String location() {
        return url;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** Runs pg_ctl on the test cluster (as its owner: runuser when we are root), e.g. {@code stop -m fast}. */
    static void pgCtl(String... args) throws IOException, InterruptedException {
        String bin = System.getenv("WFE_TEST_PG_BIN");
        String data = System.getenv("WFE_TEST_PG_DATA");
        String owner = System.getenv().getOrDefault("WFE_TEST_PG_PGCTL_USER", "postgres");
        if (bin == null || data == null) {
            fail("WFE_TEST_PG_BIN and WFE_TEST_PG_DATA must be set (services.env) to stop and start PostgreSQL");
        }
        List<String> cmd = new java.util.ArrayList<>();
        if (!owner.equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("runuser", "-u", owner, "--"));
        }
        cmd.addAll(List.of(bin + "/pg_ctl", "-D", data, "-w", "-t", "60"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(String.join(" ", cmd).toLowerCase(Locale.ROOT) + " failed: " + out);
        }
    }
}
