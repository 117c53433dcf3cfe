package org.wfe.tasklet.engine.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.wfe.api.action.ActionFailedException;
import org.wfe.api.action.ActionNotFoundException;
import org.wfe.api.action.ActionResult;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobStatus;
import org.wfe.api.tasklet.Tasklet;
import org.wfe.api.tasklet.TaskletContext;

/** The chain of one action: order, match, stopChain, shared params, result, errors. */
class ActionChainTest {

    private final TestEngine t = new TestEngine();
    private final List<String> ran = new CopyOnWriteArrayList<>();

    /** A tasklet recording its name when it runs. */
    private Tasklet rec(String name) {
        return ctx -> ran.add(name);
    }

    @Test
    void runsHighestPriorityFirstAndBreaksTiesDeterministically() {
        t.add(rec("p1"), TestEngine.root("machine", 1, "start"));
        t.add(rec("p10"), TestEngine.root("machine", 10, "start"));
        t.add(rec("p5-bundleB"), TestEngine.root("machine", 5, "start"), "b.bundle 1.0.0", 2);
        t.add(rec("p5-bundleA"), TestEngine.root("machine", 5, "start"), "a.bundle 1.0.0", 1);
        var ranked = TestEngine.root("machine", 5, "start");
        ranked.put("service.ranking", 3);
        t.add(rec("p5-ranked"), ranked, "z.bundle 1.0.0", 3);
        t.add(rec("other-action"), TestEngine.root("machine", 99, "stop"));

        t.engine.startRootobjectAction("machine", "start", Map.of(), null, null);

        assertEquals(List.of("p10", "p5-ranked", "p5-bundleA", "p5-bundleB", "p1"), ran);
    }

    @Test
    void matchFalseSkipsAndStopChainEndsTheChain() {
        t.add(new Tasklet() {
            public boolean match(TaskletContext ctx) {
                return false;
            }

            public void main(TaskletContext ctx) {
                ran.add("never");
            }
        }, TestEngine.root("machine", 9, "start"));
        t.add(ctx -> {
            ran.add("stopper");
            ctx.stopChain();
        }, TestEngine.root("machine", 5, "start"));
        t.add(rec("after-stop"), TestEngine.root("machine", 1, "start"));

        ActionResult r = t.engine.startRootobjectAction("machine", "start", Map.of(), null, null);

        assertEquals(List.of("stopper"), ran);
        assertEquals(JobStatus.DONE, r.status());
    }

    @Test
    void tasklets_shareOneParamsMap_resultIsParamsResult_jobguidSetBeforehand() {
        t.add(ctx -> ctx.params().put("seen", ctx.params().get("jobguid")), TestEngine.root("machine", 2, "start"));
        t.add(ctx -> ctx.params().put("result", "hello " + ctx.params().get("name") + " " + ctx.params().get("seen")),
                TestEngine.root("machine", 1, "start"));

        ActionResult r = t.engine.startRootobjectAction("machine", "start", Map.of("name", "m1"), null, null);

        assertEquals("hello m1 " + r.jobGuid(), r.result());
        Job job = t.jobs.get(r.jobGuid()).orElseThrow();
        assertEquals("machine.start", job.actionName());
        assertEquals("machine", job.rootObjectType(), "root-object type defaults to the action's type");
    }

    @Test
    void noCandidate_throwsActionNotFound_beforeAnyJobExists() {
        t.add(rec("stop"), TestEngine.root("machine", 1, "stop"));

        var e = assertThrows(ActionNotFoundException.class,
                () -> t.engine.startRootobjectAction("machine", "start", Map.of(), null, null));

        assertEquals("machine.start", e.actionName());
        assertEquals(0, t.jobs.jobCount());
        assertThrows(ActionNotFoundException.class, () -> t.engine.startActorAction("machine", "stop", Map.of(), null, null),
                "an actor of the same name is a different action");
    }

    @Test
    void candidatesButNoneMatched_jobDoneWithoutResult() {
        t.add(new Tasklet() {
            public boolean match(TaskletContext ctx) {
                return false;
            }

            public void main(TaskletContext ctx) {
                ctx.params().put("result", "no");
            }
        }, TestEngine.actor("hypervisor", "startVMachine"));

        ActionResult r = t.engine.startActorAction("hypervisor", "startVMachine", Map.of(), null, null);

        assertEquals(JobStatus.DONE, r.status());
        assertNull(r.result());
    }

    @Test
    void throwingTasklet_laterOnesDoNotRun_jobErrorWithExceptionTextLogged() {
        t.add(ctx -> {
            throw new IllegalStateException("disk on fire");
        }, TestEngine.root("machine", 5, "start"));
        t.add(rec("later"), TestEngine.root("machine", 1, "start"));

        var e = assertThrows(ActionFailedException.class,
                () -> t.engine.startRootobjectAction("machine", "start", Map.of(), null, null));

        assertEquals(JobStatus.ERROR, e.status());
        assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
        assertEquals(List.of(), ran);
        assertTrue(t.jobs.logText(e.jobGuid()).contains("IllegalStateException: disk on fire"));
        assertEquals(JobStatus.ERROR, t.jobs.get(e.jobGuid()).orElseThrow().status());
    }

    @Test
    void badInputIsRefusedWithAClearError() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> t.engine.startActorAction(" ", "greet", Map.of(), null, null));
        assertEquals("actor must be a non-empty name, got ' '", e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> t.engine.startRootobjectAction("machine", null, Map.of(), null, null));
        assertEquals("action must be a non-empty name, got null", e2.getMessage());
    }

    @Test
    void eachActionRunsOnItsOwnVirtualThread() {
        t.add(ctx -> ctx.params().put("result", Thread.currentThread().isVirtual()), TestEngine.actor("a", "b"));
        assertEquals(true, t.engine.startActorAction("a", "b", null, null, null).result());
    }
}
