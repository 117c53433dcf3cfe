package org.wfe.shell.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;
import org.wfe.api.action.ActionFailedException;
import org.wfe.api.action.ActionManager;
import org.wfe.api.action.ActionNotFoundException;
import org.wfe.api.action.ActionResult;
import org.wfe.api.action.TaskletInfo;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.JobNotFoundException;
import org.wfe.api.job.JobStatus;

class TaskletCommandsTest {

    /** Serves hello.greet (waits or not) and fails machine.start. */
    private static final class FakeManager implements ActionManager {
        ExecutionParams lastEp;
        String lastParent;

        public ActionResult startActorAction(String actor, String action, Map<String, Object> params,
                ExecutionParams ep, String parent) {
            lastEp = ep;
            lastParent = parent;
            if ("nope".equals(parent)) {
                throw new JobNotFoundException(parent);
            }
            if (!(actor + "." + action).equals("hello.greet")) {
                throw new ActionNotFoundException(actor + "." + action);
            }
            return ep.waitForResult() ? new ActionResult("g1", "hello " + params.get("name"), JobStatus.DONE)
                    : new ActionResult("g1", null, JobStatus.WAITING);
        }

        public ActionResult startRootobjectAction(String type, String action, Map<String, Object> params,
                ExecutionParams ep, String parent) {
            lastEp = ep;
            if (action.equals("ok")) {
                return new ActionResult("g3", "ok", JobStatus.DONE);
            }
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
    private final FakeManager fake = new FakeManager();

    TaskletCommandsTest() {
        c.actions = fake;
    }

    /** Gogo's defaults for the options not given. */
    private TaskletCommands.ActionOutcome actor(boolean async, String actor, String action, String... params) {
        return c.actor(async, "", "", "", "", actor, action, params);
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
    void actorWaitsOrNot_andAFailedWaitedJobIsAnError() {
        assertEquals("job g1 DONE: hello bob", actor(false, "hello", "greet", "name=bob").toString());
        assertEquals("job g1 WAITING", actor(true, "hello", "greet").toString());
        // was returned as "job g2 ERROR: ..." with exit 0 over ssh exec: a script could not see the failure
        var failed = assertThrows(ActionFailedException.class, () -> c.rootobject(false, "", "", "", "", "", "machine", "start", "machineguid=m1"));
        assertEquals("job g2 ended ERROR: tasklet X failed: boom", failed.getMessage());
        assertEquals(JobStatus.ERROR, failed.status());
    }

    @Test
    void executionParamsAndParentReachTheManager() {
        c.actor(false, "nightly", "the nightly greeting", "1h30m", " p-1 ", "hello", "greet", "name=bob");
        assertEquals(new ExecutionParams("nightly", "the nightly greeting", 5_400L, null, null, true, "local"), fake.lastEp);
        assertEquals("p-1", fake.lastParent);
        c.rootobject(true, "", "", "90", "", "m-42", "machine", "ok");
        assertEquals(new ExecutionParams(null, null, 90L, "machine", "m-42", false, "local"), fake.lastEp);
        actor(false, "hello", "greet");
        assertEquals(ExecutionParams.defaults().withStartedBy("local"), fake.lastEp);
        assertEquals(null, fake.lastParent);
    }

    @Test
    void gogoReadsTheOptions() throws Exception {
        ThreadIOImpl tio = new ThreadIOImpl();
        tio.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(tio);
        processor.addCommand("wfe", c, "actor");
        processor.addCommand("wfe", c, "rootobject");
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))) {
            session.execute("wfe:actor --name nightly --maxduration 10m --parent p-9 hello greet name=bob");
            assertEquals(new ExecutionParams("nightly", null, 600L, null, null, true, "local"), fake.lastEp);
            assertEquals("p-9", fake.lastParent);
            session.execute("wfe:rootobject --async -g m-42 --description 'start it' machine ok");
            assertEquals(new ExecutionParams(null, "start it", null, "machine", "m-42", false, "local"), fake.lastEp);
        } finally {
            tio.stop();
        }
    }

    @Test
    void badExecutionParamsAreOneClearErrorAndStartNothing() {
        fake.lastEp = null;
        for (String bad : List.of("soon", "-5", "0", "10x", "1h30", "99999999999999d")) {
            var e = assertThrows(IllegalArgumentException.class, () -> c.actor(false, "", "", bad, "", "hello", "greet"));
            assertTrue(e.getMessage().startsWith("--maxduration must be a positive duration such as 90, 90s, 10m"), e.getMessage());
        }
        var guid = assertThrows(IllegalArgumentException.class, () -> c.rootobject(false, "", "", "", "", "a\nERROR forged", "machine", "ok"));
        assertTrue(guid.getMessage().startsWith("--rootobjectguid must be 1 to 100 characters without control characters"), guid.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.rootobject(false, "", "", "", "", "x".repeat(300), "machine", "ok"));
        assertEquals(null, fake.lastEp, "nothing was started");
        var parent = assertThrows(JobNotFoundException.class, () -> c.actor(false, "", "", "", "nope", "hello", "greet"));
        assertEquals("no job with guid nope", parent.getMessage());
    }

    @Test
    void badInputIsOneClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> actor(false, "hello", "greet", "name"));
        assertEquals("bad argument 'name': params are key=value", e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> actor(false, "hello", "greet", "a=1", "a=2"));
        assertEquals("param 'a' given twice", e2.getMessage());
        var nul = assertThrows(IllegalArgumentException.class, () -> actor(false, "hello", "greet", "a\0b=1"));
        assertEquals("bad param name 'a\\u0000b': a name has no NUL or other control characters", nul.getMessage());
        var cr = assertThrows(IllegalArgumentException.class, () -> actor(false, "hello", "greet", "x\r\nERROR forged"));
        assertEquals("bad argument 'x\\r\\nERROR forged': params are key=value", cr.getMessage());
        var e3 = assertThrows(ActionNotFoundException.class, () -> actor(false, "hello", "greett"));
        assertEquals("no tasklet serves action hello.greett", e3.getMessage());
        c.actions = null;
        var e4 = assertThrows(IllegalStateException.class, () -> c.tasklets(false));
        assertEquals("the tasklet engine is not running (no ActionManager service)", e4.getMessage());
    }
}
