package org.wfe.tasklet.engine.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wfe.api.action.ActionNotFoundException;
import org.wfe.api.action.TaskletInfo;
import org.wfe.api.tasklet.Tasklet;
import org.wfe.api.tasklet.TaskletContext;
import org.wfe.api.tasklet.TaskletProperties;

/** Broken declarations are reported (log and tasklets()) and never match; the rest keeps working. */
class BrokenTaskletTest {

    private final TestEngine t = new TestEngine();

    static final class Greeter implements Tasklet {
        @Override
        public void main(TaskletContext ctx) {
            ctx.params().put("result", "hi");
        }
    }

    private TaskletInfo only(long bundleId) {
        List<TaskletInfo> l = t.engine.tasklets().stream().filter(i -> i.bundleId() == bundleId).toList();
        assertEquals(1, l.size(), l.toString());
        return l.getFirst();
    }

    private void assertBroken(long bundleId, String problemPart) {
        TaskletInfo i = only(bundleId);
        assertTrue(i.broken(), i.toString());
        assertTrue(i.problem().contains(problemPart), i.problem());
        assertTrue(t.problems.stream().anyMatch(p -> p.contains("broken." + bundleId) && p.contains(problemPart)),
                "logged with its bundle: " + t.problems);
    }

    @Test
    void noTags() {
        t.add(new Greeter(), new HashMap<>(), "broken.1 1.0.0", 1);
        Map<String, Object> onlyType = new HashMap<>(Map.of(TaskletProperties.TYPE, "machine"));
        t.add(new Greeter(), onlyType, "broken.2 1.0.0", 2);
        Map<String, Object> emptyAction = TestEngine.actor("hello");
        t.add(new Greeter(), emptyAction, "broken.3 1.0.0", 3);

        assertBroken(1, "no tags: none of wfe.tasklet.type, wfe.tasklet.actor, wfe.tasklet.action is set");
        assertBroken(2, "no tags: wfe.tasklet.action is not set");
        assertBroken(3, "no tags: wfe.tasklet.action is empty");
    }

    @Test
    void wrongPropertyTypes() {
        Map<String, Object> p = TestEngine.root("machine", 1, "start");
        p.put(TaskletProperties.PRIORITY, "high");
        t.add(new Greeter(), p, "broken.4 1.0.0", 4);
        Map<String, Object> both = TestEngine.actor("hello", "greet");
        both.put(TaskletProperties.TYPE, "machine");
        t.add(new Greeter(), both, "broken.5 1.0.0", 5);
        Map<String, Object> numericActor = TestEngine.actor("x", "greet");
        numericActor.put(TaskletProperties.ACTOR, 42);
        t.add(new Greeter(), numericActor, "broken.6 1.0.0", 6);

        assertBroken(4, "wfe.tasklet.priority must be an Integer, got String 'high'");
        assertBroken(5, "declares both wfe.tasklet.type and wfe.tasklet.actor");
        assertBroken(6, "wfe.tasklet.actor must be one non-empty string, got Integer '42'");
        assertThrows(ActionNotFoundException.class, () -> t.engine.startRootobjectAction("machine", "start", Map.of(), null, null),
                "a broken tasklet never matches");
    }

    @Test
    void duplicateRegistrationOfOneClassForOneAction_theOlderWins_theOtherTakesOverWhenItLeaves() {
        long first = t.add(new Greeter(), TestEngine.actor("hello", "greet"), "broken.7 1.0.0", 7);
        long second = t.add(new Greeter(), TestEngine.actor("hello", "greet", "wave"), "broken.7 1.0.0", 7);

        List<TaskletInfo> infos = t.engine.tasklets().stream().filter(i -> i.bundleId() == 7).toList();
        assertEquals(List.of("active", "broken"), infos.stream().map(TaskletInfo::state).toList());
        assertTrue(infos.get(1).problem().startsWith("duplicate: class " + Greeter.class.getName()), infos.get(1).problem());
        assertTrue(t.problems.stream().anyMatch(p -> p.contains("broken.7") && p.contains("duplicate")), t.problems.toString());

        t.registry.remove(first);
        assertEquals("active", only(7).state());
        assertEquals("hi", t.engine.startActorAction("hello", "wave", Map.of(), null, null).result());
        assertTrue(t.registry.contains(second));
    }

    @Test
    void activationFailureIsBroken() {
        t.registry.add(50, TestEngine.actor("hello", "greet"), "broken.8 1.0.0", 8, () -> {
            throw new IllegalStateException("activate failed: java.lang.RuntimeException: boom");
        });

        assertBroken(8, "could not be activated: java.lang.IllegalStateException: activate failed: java.lang.RuntimeException: boom");
        assertThrows(ActionNotFoundException.class, () -> t.engine.startActorAction("hello", "greet", Map.of(), null, null));
    }

    @Test
    void theEngineAndEveryOtherTaskletKeepWorking_brokenListedLast() {
        t.add(new Greeter(), new HashMap<>(), "broken.1 1.0.0", 1);
        t.add(new Greeter(), TestEngine.actor("hello", "greet"), "good 1.0.0", 2);

        assertEquals("hi", t.engine.startActorAction("hello", "greet", Map.of(), null, null).result());
        assertEquals(List.of("active", "broken"), t.engine.tasklets().stream().map(TaskletInfo::state).toList());
        TaskletInfo good = t.engine.tasklets().getFirst();
        assertEquals(new TaskletInfo("actor", "hello", List.of("greet"), 1, Greeter.class.getName(), "good 1.0.0", 2,
                "active", null), good);
    }
}
