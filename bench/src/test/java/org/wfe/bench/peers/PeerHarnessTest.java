package org.wfe.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The harness of {@code ./wfe bench peers} on the test PostgreSQL (services.env; skipped without it, failed
 * when CI is set): a few no-op units done by each peer with two nodes in two processes, each unit run
 * exactly once, and none left in the store after both nodes were killed with -9 (done is durable).
 */
class PeerHarnessTest {

    static final String URL = System.getenv("WFE_TEST_PG_URL");

    @TempDir
    Path logs;

    @BeforeAll
    static void requirePostgres() {
        if (URL == null || URL.isBlank()) {
            String why = "WFE_TEST_PG_URL is not set: run `cnf/services/services.sh start DIR` and export DIR/services.env";
            if (System.getenv("CI") != null) {
                fail("CI is set but " + why);
            }
            Assumptions.abort(why);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"quartz", "db-scheduler"})
    void twoNodesDoEveryUnitOnceAndDurably(String name) throws Exception {
        PeerDatabase.Location server = new PeerDatabase.Location(URL, System.getenv("WFE_TEST_PG_USER"),
                System.getenv("WFE_TEST_PG_PASSWORD"));
        PeerTrial trial = new PeerTrial(Peer.of(name), server, Path.of(System.getProperty("java.home")), logs);
        PeerTrial.Throughput t = trial.throughput(12, Duration.ofSeconds(90));
        assertEquals(12, t.ran(), "every unit ran: " + t);
        assertEquals(12, t.runs(), "no unit ran twice: " + t);
        assertEquals(0, t.leftAfterKill(), "the store still says done after kill -9 of both nodes: " + t);
        assertTrue(t.perSecond() > 0, t::toString);
    }

    @Test
    void anUnknownPeerIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Peer.of("temporal"));
        assertEquals("unknown peer 'temporal': quartz, quartz-batched, db-scheduler or db-scheduler-lock-and-fetch", e.getMessage());
    }
}
