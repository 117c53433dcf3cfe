package org.wfe.drp.impl;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/** An H2 file store under a directory, with the same durable URL the component builds. */
final class H2Fixture implements StoreFixture {

    private final JdbcDataSource ds = new JdbcDataSource();
    private final String url;

    H2Fixture(Path dir) {
        url = StoreConfig.durableH2("jdbc:h2:file:" + dir.resolve("var/db/wfe").toAbsolutePath());
        ds.setURL(url);
        ds.setUser("sa");
        ds.setPassword("");
    }

    static DataSource at(Path dir) {
        return new H2Fixture(dir).dataSource();
    }

    @Override
    public String store() {
        return "h2";
    }

    @Override
    public DataSource dataSource() {
        return ds;
    }

    @Override
    public String location() {
        return Stores.redact(url);
    }

    @Override
    public void close() {
        // the repository closed its connections: H2 closes the file with the last one
    }
}
