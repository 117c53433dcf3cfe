package org.wfe.shell.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;
import org.wfe.api.action.ActionFailedException;
import org.wfe.api.action.ActionManager;
import org.wfe.api.action.ActionNotFoundException;
import org.wfe.api.action.ActionResult;
import org.wfe.api.action.TaskletInfo;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.JobStatus;

class TaskletCommandsTest {

    /** Serves hello.greet (waits or not) and fails machine.start. */
    private static final class FakeManager implements ActionManager {
        public ActionResult startActorAction(String actor, String action, Map<String, Object> params,
                ExecutionParams ep, String parent) {
            if (!(actor + "." + action).equals("hello.greet")) {
                throw new ActionNotFoundException(actor + "." + action);
            }
            return ep.waitForResult() ? new ActionResult("g1", "hello " + params.get("name"), JobStatus.DONE)
                    : new ActionResult("g1", null, JobStatus.WAITING);
        }

        public ActionResult startRootobjectAction(String type, String action, Map<String, Object> params,
                ExecutionParams ep, String parent) {
            throw new ActionFailedException("g2", JobStatus.ERROR, "tasklet X failed: boom");
        }

        public CompletionStage<ActionResult> startActorActionAsync(String a, String b, Map<String, Object> p,
                ExecutionParams e, String g) {
            throw new UnsupportedOperationException();
        }

        public CompletionStage<ActionResult> startRootobjectActionAsync(String a, String b, Map<String, Object> p,
                ExecutionParams e, String g) {
            throw new UnsupportedOperationException();
        }

        public Map<String, Object> waitForActions(Collection<String> g, Duration t) {
            throw new UnsupportedOperationException();
        }

        public List<TaskletInfo> tasklets() {
            return List.of(
                    new TaskletInfo("rootobject", "machine", List.of("start", "stop"), 10, "a.Start", "m 1.0", 5, "active", null),
                    new TaskletInfo("actor", "hello", List.of("greet"), 1, "h.Greet", "h 1.0", 6, "active", null),
                    new TaskletInfo("unknown", "", List.of(), 1, "n.Untagged", "n 1.0", 7, "broken", "no tags: \"x\""));
        }
    }

    private final TaskletCommands c = new TaskletCommands();

    TaskletCommandsTest() {
        c.actions = new FakeManager();
    }

    @Test
    void listsOneRowPerActionFilteredByGlob_brokenLast() {
        @SuppressWarnings("unchecked")
        List<TaskletCommands.TaskletRow> all = (List<TaskletCommands.TaskletRow>) c.tasklets(false);
        assertEquals(List.of("hello.greet", "machine.start", "machine.stop", "?.?"),
                all.stream().map(TaskletCommands.TaskletRow::action).toList());
        @SuppressWarnings("unchecked")
        List<TaskletCommands.TaskletRow> machine = (List<TaskletCommands.TaskletRow>) c.tasklets(false, "machine.*");
        assertEquals(2, machine.size());
        assertTrue(all.get(3).toString().endsWith("broken: no tags: \"x\""), all.get(3).toString());
    }

    @Test
    void jsonIsEscaped() {
        String json = (String) c.tasklets(true, "?.?");
        assertEquals("[{\"action\":\"?.?\",\"kind\":\"unknown\",\"priority\":1,\"tasklet\":\"n.Untagged\","
                + "\"bundle\":\"n 1.0\",\"state\":\"broken\",\"problem\":\"no tags: \\\"x\\\"\"}]", json);
    }

    @Test
    void actorWaitsOrNot_andFailuresAreOneLine() {
        assertEquals("job g1 DONE: hello bob", c.actor(false, "hello", "greet", "name=bob").toString());
        assertEquals("job g1 WAITING", c.actor(true, "hello", "greet").toString());
        assertEquals("job g2 ERROR: job g2 ended ERROR: tasklet X failed: boom",
                c.rootobject(false, "machine", "start", "machineguid=m1").toString());
    }

    @Test
    void badInputIsOneClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> c.actor(false, "hello", "greet", "name"));
        assertEquals("bad argument 'name': params are key=value", e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> c.actor(false, "hello", "greet", "a=1", "a=2"));
        assertEquals("param 'a' given twice", e2.getMessage());
        var nul = assertThrows(IllegalArgumentException.class, () -> c.actor(false, "hello", "greet", "a\0b=1"));
        assertEquals("bad param name 'a\\u0000b': a name has no NUL or other control characters", nul.getMessage());
        var cr = assertThrows(IllegalArgumentException.class, () -> c.actor(false, "hello", "greet", "x\r\nERROR forged"));
        assertEquals("bad argument 'x\\r\\nERROR forged': params are key=value", cr.getMessage());
        var e3 = assertThrows(ActionNotFoundException.class, () -> c.actor(false, "hello", "greett"));
        assertEquals("no tasklet serves action hello.greett", e3.getMessage());
        c.actions = null;
        var e4 = assertThrows(IllegalStateException.class, () -> c.tasklets(false));
        assertEquals("the tasklet engine is not running (no ActionManager service)", e4.getMessage());
    }
}
