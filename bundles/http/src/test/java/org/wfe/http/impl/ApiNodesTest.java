package org.wfe.http.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wfe.api.drp.Drp;
import org.wfe.api.drp.JobStore;
import org.wfe.api.drp.NodeInfo;

/** GET /nodes: the cluster's nodes from the repository's job store; 404 with why on a single engine. */
class ApiNodesTest {

    static Drp repository(boolean clustered) {
        List<NodeInfo> nodes = List.of(new NodeInfo("node-a", "host-a (pid 1)", Instant.EPOCH, 2, 1_500, false, "draining", 3, true));
        return (Drp) Proxy.newProxyInstance(Drp.class.getClassLoader(), new Class<?>[] {Drp.class, JobStore.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "clustered" -> clustered;
                    case "nodes" -> nodes;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void listsTheNodes() {
        Api api = new Api(new Api.Services(() -> null, () -> null, () -> null, () -> repository(true)), () -> Settings.DEFAULTS);
        Api.Reply r = api.handle("GET", "/nodes", new Query(Map.of()), null);
        assertEquals(200, r.status());
        @SuppressWarnings("unchecked")
        Map<String, Object> n = ((List<Map<String, Object>>) ((Map<?, ?>) r.body()).get("nodes")).getFirst();
        assertEquals("node-a", n.get("id"));
        assertEquals("draining", n.get("state"));
        assertEquals(3L, n.get("jobsOwned"));
        assertEquals(1_500L, n.get("leaseAgeMillis"));
    }

    @Test
    void aSingleEngineAnswers404WithWhy() {
        Api api = new Api(new Api.Services(() -> null, () -> null, () -> null, () -> repository(false)), () -> Settings.DEFAULTS);
        ApiException e = assertThrows(ApiException.class, () -> api.handle("GET", "/nodes", new Query(Map.of()), null));
        assertEquals(404, e.status());
        assertThrows(ApiException.class, () -> api.handle("POST", "/nodes", new Query(Map.of()), null));
    }
}
