package org.wfe.shell.impl;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.wfe.api.drp.Drp;
import org.wfe.api.drp.DrpStatus;
import org.wfe.api.drp.RootObject;

/** {@code wfe:objects}, {@code wfe:object} and {@code wfe:status}: the data repository for operators. */
@Component(service = DrpCommands.class, property = {
        "osgi.command.scope=wfe",
        "osgi.command.function=objects", "osgi.command.function=object", "osgi.command.function=status" })
public class DrpCommands {

    // what help wfe and wfe:wfe say (one text: HelpCommands.SUMMARY is built from these)
    static final String HELP_OBJECTS = "lists root objects of a type, oldest first; field=value keeps those whose top-level field equals"
            + " the value (numbers, true, false and null are typed, \"quoted\" text stays text)";
    static final String HELP_OBJECT = "shows one root object with its whole body";
    static final String HELP_STATUS = "shows the data repository (store, up or down with the last error, queue depth, commit rate),"
            + " the running actions against their cap and the runaway threads (jobs ended, tasklet still running)";

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    @Reference
    Drp drp;

    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    volatile org.wfe.api.action.ActionManager actions;

    /** One root object on one line; the body is cut to keep the line readable ({@code wfe:object} shows it all). */
    public record ObjectRow(String type, String guid, long version, Instant modified, Map<String, Object> body) {
        static ObjectRow of(RootObject o) {
            return new ObjectRow(o.type(), o.guid(), o.version(), o.modified(), o.body());
        }

        @Override
        public String toString() {
            String b = ShellJson.write(body);
            return String.format(Locale.ROOT, "%-36s  v%-4d  %s  %s", guid, version, modified,
                    b.length() > 100 ? b.substring(0, 97) + "..." : b);
        }
    }

    /** What the repository is doing: store, up or down, queue, commit rate. */
    public record Status(String store, String location, String state, int queueDepth, double commitsPerSecond,
            double writesPerSecond, long committedWrites, int schemaVersion, org.wfe.api.action.ActionLoad actions) {
        static Status of(DrpStatus s, org.wfe.api.action.ActionLoad load) {
            return new Status(s.store(), s.location(), s.up() ? "up" : "DOWN: " + s.lastError(), s.queueDepth(),
                    s.commitsPerSecond(), s.writesPerSecond(), s.committedWrites(), s.schemaVersion(), load);
        }

        @Override
        public String toString() {
            String a = actions == null ? "tasklet engine not running" : actions.running() + " running (at most "
                    + actions.capacity() + ")";
            String r = actions == null ? "-" : actions.runawayJobGuids().size() + (actions.runawayJobGuids().isEmpty() ? ""
                    : " still spinning, jobs " + String.join(" ", actions.runawayJobGuids()));
            return String.format(Locale.ROOT, "store         %s at %s%nstate         %s%nqueue depth   %d%n"
                    + "commits/s     %.1f%nwrites/s      %.1f%ncommitted     %d writes%nschema        version %d%n"
                    + "actions       %s%nrunaways      %s",
                    store, location, state, queueDepth, commitsPerSecond, writesPerSecond, committedWrites, schemaVersion, a, r);
        }
    }

    @Descriptor(HELP_OBJECTS)
    public Object objects(
            @Descriptor("skip this many") @Parameter(names = { "-o", "--offset" }, absentValue = "0") int offset,
            @Descriptor("at most this many (1..10000)") @Parameter(names = { "-n", "--limit" }, absentValue = "50") int limit,
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("root-object type, e.g. machine") String type,
            @Descriptor("field=value filters") String... filters) {
        if (limit < 1 || limit > 10_000 || offset < 0) {
            throw new IllegalArgumentException("--limit must be within 1..10000 and --offset >= 0, got " + limit + " and " + offset);
        }
        Map<String, Object> fields = filters(filters);
        List<ObjectRow> rows = drp.find(type, fields, offset, limit).stream().map(ObjectRow::of).toList();
        return json ? ShellJson.write(rows) : rows;
    }

    @Descriptor(HELP_OBJECT)
    public Object object(@Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("root-object type, e.g. machine") String type, @Descriptor("its guid") String guid) {
        RootObject o = drp.get(type, guid).orElseThrow(() -> new IllegalArgumentException("no " + type + " with guid " + guid));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", o.type());
        m.put("guid", o.guid());
        m.put("version", o.version());
        m.put("created", o.created());
        m.put("modified", o.modified());
        m.put("body", o.body());
        return json ? ShellJson.write(m) : m;
    }

    @Descriptor(HELP_STATUS)
    public Status status() {
        org.wfe.api.action.ActionManager am = actions;
        return Status.of(drp.status(), am == null ? null : am.load());
    }

    /** {@code field=value} arguments to typed values; anything else is one clear error. */
    static Map<String, Object> filters(String[] args) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String a : args == null ? new String[0] : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("malformed filter '" + a + "': expected field=value, e.g. status=running");
            }
            String field = a.substring(0, eq);
            if (out.containsKey(field)) {
                throw new IllegalArgumentException("field '" + field + "' is given twice; a field can equal one value");
            }
            out.put(field, value(a.substring(eq + 1)));
        }
        return out;
    }

    static Object value(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1);
        }
        switch (v) {
            case "true" -> {
                return Boolean.TRUE;
            }
            case "false" -> {
                return Boolean.FALSE;
            }
            case "null" -> {
                return null;
            }
            default -> {
                if (!NUMBER.matcher(v).matches()) {
                    return v;
                }
                if (v.contains(".") || v.contains("e") || v.contains("E")) {
                    return Double.parseDouble(v);
                }
                return v.length() < 19 ? (Object) Long.parseLong(v) : new java.math.BigInteger(v);
            }
        }
    }
}
