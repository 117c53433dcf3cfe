package org.wfe.drp.impl;

import java.nio.file.Path;

/** The retention contract on the embedded H2 store. */
class H2RetentionTest extends RetentionContractTest {

    @Override
    StoreFixture newFixture(Path dir) {
        return new H2Fixture(dir);
    }
}
