package org.wfe.drp.impl;

import javax.sql.DataSource;

/** A fresh, empty store for one test: an H2 file in a temp dir or a new PostgreSQL database. */
interface StoreFixture extends AutoCloseable {

    /** {@code h2} or {@code postgresql}. */
    String store();

    /** A DataSource on the store (each call may return the same one). */
    DataSource dataSource();

    /** Where it is, for status. */
    String location();

    @Override
    void close() throws Exception;
}
