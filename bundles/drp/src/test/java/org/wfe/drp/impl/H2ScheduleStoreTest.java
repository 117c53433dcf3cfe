package org.wfe.drp.impl;

import java.nio.file.Path;

/** The schedule store contract on the embedded H2 store. */
class H2ScheduleStoreTest extends ScheduleStoreContract {

    @Override
    StoreFixture newFixture(Path dir) {
        return new H2Fixture(dir);
    }
}
