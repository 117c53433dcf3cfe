package org.wfe.drp.impl;

import java.nio.file.Path;

/** The retention contract on a real PostgreSQL (skipped without WFE_TEST_PG_URL, failed when CI is set). */
class PostgresRetentionTest extends RetentionContractTest {

    @Override
    StoreFixture newFixture(Path dir) throws Exception {
        return new PgFixture();
    }
}
