package org.wfe.shell.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.wfe.api.drp.JobStore;
import org.wfe.api.drp.NodeInfo;

/** {@code wfe:nodes} and {@code wfe:drain} on a job store in cluster mode, and refused on a single engine. */
class NodeCommandsTest {

    static final List<NodeInfo> NODES = List.of(
            new NodeInfo("node-a", "host-a (pid 1)", Instant.EPOCH, 2, 1_500, false, "active", 3, true),
            new NodeInfo("node-b", "host-b (pid 2)", Instant.EPOCH, 1, 20_000, true, "dead", 1, false));

    /** A JobStore answering only the cluster calls; {@code drained} records the last drain request. */
    static JobStore store(boolean clustered, AtomicReference<Boolean> drained) {
        return (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "clustered" -> clustered;
                    case "nodes" -> NODES;
                    case "nodeId" -> "node-a";
                    case "draining" -> {
                        drained.set((Boolean) args[0]);
                        yield clustered;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void nodesListsIdAddressLeaseAgeJobsOwnedAndState() {
        NodeCommands c = new NodeCommands();
        c.store = store(true, new AtomicReference<>());
        List<?> rows = (List<?>) c.nodes(false);
        assertEquals(Map.of("id", "node-a (this node)", "address", "host-a (pid 1)", "incarnation", 2L, "leaseAge", "1.5 s",
                "jobsOwned", 3L, "state", "active"), rows.get(0));
        assertEquals("dead", ((Map<?, ?>) rows.get(1)).get("state"));
        String json = (String) c.nodes(true);
        assertTrue(json.contains("\"node-b\"") && json.contains("\"dead\""), json);
    }

    @Test
    void drainMarksTheNodeAndOffUndoesIt() {
        AtomicReference<Boolean> drained = new AtomicReference<>();
        NodeCommands c = new NodeCommands();
        c.store = store(true, drained);
        assertTrue(c.drain(false).contains("node-a is draining"));
        assertEquals(true, drained.get());
        assertTrue(c.drain(true).contains("takes new work again"));
        assertEquals(false, drained.get());
    }

    @Test
    void aSingleEngineSaysItIsNoClusterNode() {
        NodeCommands c = new NodeCommands();
        c.store = store(false, new AtomicReference<>());
        assertTrue(assertThrows(IllegalStateException.class, () -> c.nodes(false)).getMessage().contains("not a cluster node"));
        assertTrue(assertThrows(IllegalStateException.class, () -> c.drain(false)).getMessage().contains("not a cluster node"));
    }
}
