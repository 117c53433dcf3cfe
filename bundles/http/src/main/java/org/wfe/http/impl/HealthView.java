package org.wfe.http.impl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.wfe.api.health.EngineHealth;
import org.wfe.api.health.HealthReport;

/**
 * {@code GET /wfe/api/v1/health}: 200 when the engine is ready (nothing CRITICAL), 503 when not, so a load
 * balancer or a monitor needs no credentials and no JSON parser. Without credentials it says only the
 * status (liveness: the checks' messages name the store's address and the bundles); with a viewer's, every
 * check's name, status and message.
 */
final class HealthView {

    /** The HTTP status and the body. */
    record Answer(int status, Map<String, Object> body) {
    }

    private HealthView() {
    }

    static Answer answer(EngineHealth health, boolean details) {
        HealthReport r;
        try {
            r = health == null ? null : health.recent();
        } catch (RuntimeException e) {
            r = null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (r == null) {
            body.put("status", "UNKNOWN");
            if (details) {
                body.put("message", "the health checks are not running (yet)");
            }
            return new Answer(503, body);
        }
        body.put("status", r.status().name());
        if (details) {
            body.put("at", r.at().toString());
            List<Map<String, Object>> checks = r.checks().stream().map(HealthView::check).toList();
            body.put("checks", checks);
        }
        return new Answer(r.ready() ? 200 : 503, body);
    }

    private static Map<String, Object> check(HealthReport.Check c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("status", c.status().name());
        m.put("pending", c.pending());
        m.put("message", c.message());
        return m;
    }
}
