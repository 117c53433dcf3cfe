package org.wfe.bench.peers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A fresh database for one peer trial on the PostgreSQL the tests and benchmarks share (services.env's
 * WFE_TEST_PG_URL, the same cluster our engine's figures use), dropped afterwards.
 */
final class PeerDatabase implements AutoCloseable {

    /** Where a database is: what a node in another process needs to connect. */
    record Location(String url, String user, String password) {

        /** A HikariCP pool of at most {@code max} connections. */
        HikariDataSource pool(int max) {
            HikariConfig c = new HikariConfig();
            c.setJdbcUrl(url);
            c.setUsername(user);
            c.setPassword(password);
            c.setMaximumPoolSize(max);
            return new HikariDataSource(c);
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        String[] args() {
            return new String[] {url, user, password == null ? "" : password};
        }
    }

    private final Location server;
    private final String name;
    final Location location;

    /** Creates the database and the peer's tables in it. */
    PeerDatabase(Location server, Peer peer) throws SQLException {
        this.server = server;
        this.name = "wfe_peer_" + peer.name().replace('-', '_') + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        location = new Location(server.url().substring(0, server.url().lastIndexOf('/') + 1) + name, server.user(), server.password());
        try (Connection c = location.connect()) {
            peer.createSchema(c);
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
