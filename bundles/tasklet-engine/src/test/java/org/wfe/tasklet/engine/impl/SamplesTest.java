package org.wfe.tasklet.engine.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wfe.api.action.ActionFailedException;
import org.wfe.api.action.ActionResult;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobStatus;
import org.wfe.sample.hello.Greet;
import org.wfe.sample.hypervisor.VMachineState;
import org.wfe.sample.machine.NotifyOwner;
import org.wfe.sample.machine.StartStopMachine;

/** The sample bundles' tasklets, registered with the properties their annotations produce. */
class SamplesTest {

    private final TestEngine t = new TestEngine();

    SamplesTest() {
        t.add(new Greet(), TestEngine.actor("hello", "greet"));
        t.add(new VMachineState(), TestEngine.actor("hypervisor", "startVMachine", "stopVMachine"));
        t.add(new StartStopMachine(), TestEngine.root("machine", 10, "start", "stop"));
        t.add(new NotifyOwner(), TestEngine.root("machine", 1, "start", "stop"));
    }

    @Test
    void helloGreets() {
        assertEquals("hello world", t.engine.startActorAction("hello", "greet", Map.of("name", "world"), null, null).result());
    }

    @Test
    void machineStartAndStopGoThroughTheHypervisorAndTheRepository() {
        ActionResult started = t.engine.startRootobjectAction("machine", "start",
                Map.of("machineguid", "m-1", "name", "web1", "owner", "ops"), null, null);

        assertEquals("running", started.result());
        assertEquals(Map.of("name", "web1", "status", "running"), t.drp.get("machine", "m-1").orElseThrow().body());
        Job child = t.jobs.children(started.jobGuid()).getFirst();
        assertEquals("hypervisor.startVMachine", child.actionName());
        assertTrue(t.jobs.logText(started.jobGuid()).contains("notified ops: machine m-1 is running"));

        ActionResult stopped = t.engine.startRootobjectAction("machine", "stop", Map.of("machineguid", "m-1"), null, null);
        assertEquals("stopped", stopped.result());
        assertEquals(2, t.drp.get("machine", "m-1").orElseThrow().version());
        assertTrue(!t.jobs.logText(stopped.jobGuid()).contains("notified"), "no owner: NotifyOwner did not match");
    }

    @Test
    void machineWithoutGuidFailsWithAClearError() {
        var e = assertThrows(ActionFailedException.class,
                () -> t.engine.startRootobjectAction("machine", "start", Map.of(), null, null));
        assertEquals(JobStatus.ERROR, e.status());
        assertTrue(e.getMessage().contains("param machineguid is required"), e.getMessage());
    }
}
