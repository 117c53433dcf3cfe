package org.wfe.drp.impl;

import java.nio.file.Path;

/** The schedule store contract on a real PostgreSQL (skipped without WFE_TEST_PG_URL, failed when CI is set). */
class PostgresScheduleStoreTest extends ScheduleStoreContract {

    @Override
    StoreFixture newFixture(Path dir) throws Exception {
        return new PgFixture();
    }
}
