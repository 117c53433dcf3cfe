package org.wfe.drp.impl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.wfe.api.drp.DrpException;

/**
 * A second engine on the same H2 file gets H2's error 90020 (the file is locked by the first process): the
 * engine says it plainly (H2 is single-engine, use PostgreSQL with cluster=true) instead of H2's hint to
 * "use the server mode". The error is built here with H2's code; across processes it is what H2 raises.
 */
class H2InUseTest {

    @Test
    void h2sDatabaseAlreadyOpenIsTheStoreInUseByAnotherEngine() {
        SQLException h2 = new SQLException("Database may be already in use: /x/var/db/wfe.mv.db. Possible solutions:"
                + " close all other connection(s); use the server mode [90020-252]", "90020", 90020);
        assertTrue(Stores.inUseByAnotherEngine(new DrpException("cannot open the h2 store at /x: " + h2.getMessage(), h2)));
        assertTrue(Stores.H2_IN_USE.contains("cluster=true") && Stores.H2_IN_USE.contains("single-engine"));
        assertFalse(Stores.inUseByAnotherEngine(new SQLException("Wrong user name or password [28000-252]", "28000", 28000)));
    }
}
