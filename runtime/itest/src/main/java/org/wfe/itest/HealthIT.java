package org.wfe.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;
import org.wfe.api.drp.Drp;
import org.wfe.api.health.EngineHealth;
import org.wfe.api.health.HealthReport;

/** Inside the assembled bundle set, the five engine checks are found by the Felix executor and all say OK. */
class HealthIT {

    @InjectService(timeout = 30_000)
    EngineHealth health;
    @InjectService(timeout = 30_000)
    Drp drp;

    @Test
    void everyCheckIsThereAndOk() {
        HealthReport r = health.report();
        assertEquals(List.of("agent-controller", "bundles", "store", "tasklets", "writer"),
                r.checks().stream().map(HealthReport.Check::name).toList(), r.toString());
        assertEquals(HealthReport.Status.OK, r.status(), r.toString());
    }
}
