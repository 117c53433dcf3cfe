package org.wfe.tasklet.engine.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.wfe.api.action.ActionResult;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.Job;
import org.wfe.test.fixtures.Execution;

/**
 * A tasklet reads how its job was started (TaskletContext 1.1), and a root-object action started with the
 * tasklets' {@code <type>guid} param records that root object (the console showed "machine null").
 */
class ExecutionParamsTest {

    private final TestEngine t = new TestEngine();

    ExecutionParamsTest() {
        t.add(new Execution(), TestEngine.actor("fixture", "execution"));
    }

    @Test
    void theFixtureTaskletReadsItsNameDescriptionMaxdurationAndParent() {
        ExecutionParams ep = new ExecutionParams("nightly", "the nightly check", 600L, "machine", "42", true);
        ActionResult r = t.engine.startActorAction("fixture", "execution", Map.of("child", "true"), ep, null);

        @SuppressWarnings("unchecked")
        Map<String, Object> got = (Map<String, Object>) r.result();
        assertEquals("nightly", got.get("name"));
        assertEquals("the nightly check", got.get("description"));
        assertEquals(600L, got.get("maxduration"));
        assertEquals("machine", got.get("rootobjecttype"));
        assertEquals("42", got.get("rootobjectguid"));
        assertEquals(true, got.get("wait"));
        assertNull(got.get("parent"), "a root job has no parent");
        @SuppressWarnings("unchecked")
        Map<String, Object> child = (Map<String, Object>) got.get("child");
        assertEquals(r.jobGuid(), child.get("parent"));
        assertEquals(600L, child.get("maxduration"), "the child runs under its parent's limit");
    }

    @Test
    void aRootObjectActionStartedWithItsTypeGuidParamRecordsTheRootObject() {
        List<ExecutionParams> seen = new CopyOnWriteArrayList<>();
        t.add(ctx -> seen.add(ctx.execution()), TestEngine.root("machine", 1, "start"));

        ActionResult r = t.engine.startRootobjectAction("machine", "start", Map.of("machineguid", "42"), null, null);

        Job job = t.jobs.get(r.jobGuid()).orElseThrow();
        assertEquals("machine", job.rootObjectType());
        assertEquals("42", job.rootObjectGuid());
        assertEquals("42", seen.getFirst().rootObjectGuid());
        ActionResult explicit = t.engine.startRootobjectAction("machine", "start", Map.of("machineguid", "42"),
                ExecutionParams.defaults().withRootObject(null, "43"), null);
        assertEquals("43", t.jobs.get(explicit.jobGuid()).orElseThrow().rootObjectGuid(), "the execution param wins");
        ActionResult none = t.engine.startRootobjectAction("machine", "start", Map.of("machineguid", " "), null, null);
        assertNull(t.jobs.get(none.jobGuid()).orElseThrow().rootObjectGuid(), "a blank guid is no guid");
    }
}
