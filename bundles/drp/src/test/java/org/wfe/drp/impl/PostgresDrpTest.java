package org.wfe.drp.impl;

import java.nio.file.Path;

/**
 * The repository contract on a real PostgreSQL (a fresh database per test on the cluster of
 * cnf/services/services.sh). Skipped without WFE_TEST_PG_URL, failed instead when CI is set.
 */
class PostgresDrpTest extends DrpContractTest {

    @Override
    StoreFixture newFixture(Path dir) throws Exception {
        return new PgFixture();
    }
}
