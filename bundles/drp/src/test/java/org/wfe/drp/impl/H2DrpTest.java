package org.wfe.drp.impl;

import java.nio.file.Path;

/** The repository contract on the embedded H2 store (a file in a temp dir). */
class H2DrpTest extends DrpContractTest {

    @Override
    StoreFixture newFixture(Path dir) {
        return new H2Fixture(dir);
    }
}
