package org.wfe.shell.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wfe.api.drp.Drp;
import org.wfe.api.drp.DrpStatus;
import org.wfe.api.drp.RootObject;

/** The repository commands through a real Gogo session (its argument parsing) on a recording Drp. */
class DrpCommandsTest {

    final FakeDrp drp = new FakeDrp();
    final ThreadIOImpl tio = new ThreadIOImpl();
    final CommandSession session;

    DrpCommandsTest() {
        DrpCommands commands = new DrpCommands();
        commands.drp = drp;
        tio.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(tio);
        for (String f : List.of("objects", "object", "status")) {
            processor.addCommand("wfe", commands, f);
        }
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
    }

    @AfterEach
    void stop() {
        session.close();
        tio.stop();
    }

    @Test
    void objectsPassesTypedFiltersAndPaging() throws Exception {
        RootObject m = new RootObject("machine", "123e4567-e89b-42d3-a456-426614174000", 2, Map.of("rack", 3), Instant.EPOCH,
                Instant.EPOCH);
        drp.found = List.of(m);
        List<?> rows = (List<?>) session.execute("wfe:objects -n 5 -o 10 machine status=running rack=3 up=true ratio=0.5"
                + " owner=null label='\"3\"'");
        assertEquals(1, rows.size());
        assertEquals(m.guid(), ((DrpCommands.ObjectRow) rows.getFirst()).guid());
        assertTrue(rows.getFirst().toString().contains("v2"), rows.getFirst().toString());
        assertEquals("machine", drp.type);
        Map<String, Object> expected = new HashMap<>();
        expected.put("status", "running");
        expected.put("rack", 3L);
        expected.put("up", true);
        expected.put("ratio", 0.5);
        expected.put("owner", null);
        expected.put("label", "3");
        assertEquals(expected, drp.fields);
        assertEquals(List.of(10, 5), List.of(drp.offset, drp.limit));
        String json = (String) session.execute("wfe:objects --json machine");
        assertTrue(json.startsWith("[{\"type\":\"machine\",\"guid\":\"" + m.guid() + "\""), json);
    }

    @Test
    void malformedFiltersGetOneClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> session.execute("wfe:objects machine status"));
        assertEquals("malformed filter 'status': expected field=value, e.g. status=running", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> session.execute("wfe:objects machine '=x'"));
        assertTrue(e.getMessage().startsWith("malformed filter '=x'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> session.execute("wfe:objects machine a=1 a=2"));
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> session.execute("wfe:objects -n 0 machine"));
        assertTrue(e.getMessage().contains("--limit"), e.getMessage());
    }

    @Test
    void objectShowsTheWholeBodyOrSaysItIsMissing() throws Exception {
        RootObject m = new RootObject("machine", "123e4567-e89b-42d3-a456-426614174000", 1, Map.of("name", "m1"),
                Instant.EPOCH, Instant.EPOCH);
        drp.found = List.of(m);
        Map<?, ?> shown = (Map<?, ?>) session.execute("wfe:object machine " + m.guid());
        assertEquals(Map.of("name", "m1"), shown.get("body"));
        assertEquals(1L, shown.get("version"));
        String json = (String) session.execute("wfe:object --json machine " + m.guid());
        assertTrue(json.contains("\"body\":{\"name\":\"m1\"}"), json);
        drp.found = List.of();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> session.execute("wfe:object machine " + m.guid()));
        assertEquals("no machine with guid " + m.guid(), e.getMessage());
    }

    @Test
    void statusIsASmallRecord() throws Exception {
        drp.status = new DrpStatus("postgresql", "jdbc:postgresql://db/wfe", false, "connection refused", 42, 1.5, 300, 9000, 1);
        DrpCommands.Status s = (DrpCommands.Status) session.execute("wfe:status");
        assertEquals("DOWN: connection refused", s.state());
        assertEquals(42, s.queueDepth());
        assertTrue(s.toString().contains("queue depth   42"), s.toString());
        drp.status = new DrpStatus("h2", "jdbc:h2:file:/x", true, null, 0, 0, 0, 0, 1);
        assertEquals("up", ((DrpCommands.Status) session.execute("wfe:status")).state());
    }

    /** Records what the commands ask and answers with what the test put in. */
    static final class FakeDrp implements Drp {
        List<RootObject> found = new ArrayList<>();
        DrpStatus status;
        String type;
        Map<String, Object> fields;
        int offset;
        int limit;

        @Override
        public CompletionStage<RootObject> save(RootObject object) {
            return CompletableFuture.completedFuture(object);
        }

        @Override
        public CompletionStage<Boolean> delete(String t, String guid) {
            return CompletableFuture.completedFuture(false);
        }

        @Override
        public Optional<RootObject> get(String t, String guid) {
            return found.stream().filter(o -> o.type().equals(t) && o.guid().equals(guid)).findFirst();
        }

        @Override
        public List<RootObject> find(String t, Map<String, Object> fieldEquals, int off, int lim) {
            type = t;
            fields = fieldEquals;
            offset = off;
            limit = lim;
            return found;
        }

        @Override
        public long count(String t, Map<String, Object> fieldEquals) {
            return found.size();
        }

        @Override
        public List<String> types() {
            return List.of("machine");
        }

        @Override
        public DrpStatus status() {
            return status;
        }
    }
}
