package org.wfe.shell.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.wfe.api.schedule.Fire;
import org.wfe.api.schedule.InvalidScheduleException;
import org.wfe.api.schedule.MisfirePolicy;
import org.wfe.api.schedule.OverlapPolicy;
import org.wfe.api.schedule.Schedule;
import org.wfe.api.schedule.Schedules;
import org.wfe.api.text.Durations;
import org.wfe.api.text.KeyValues;

/**
 * {@code wfe:schedules} and {@code wfe:schedule add|pause|resume|remove|run-now|show}: schedules of actions. The
 * service audits every change under the SSH user (Gogo is for admins only).
 */
@Component(service = ScheduleCommands.class, property = {
        "osgi.command.scope=wfe", "osgi.command.function=schedules", "osgi.command.function=schedule" })
public class ScheduleCommands {

    static final String HELP_SCHEDULES = "every schedule: when, what, policies, paused, next fire time (--json)";
    static final String HELP_SCHEDULE = "add|pause|resume|remove|run-now|show NAME: e.g. schedule add --every 10m nightly"
            + " hello greet name=x, or --cron '0 0 2 * * ?' --zone Europe/Berlin; -g GUID for a root-object action";

    @Reference
    Schedules schedules;

    @Descriptor(HELP_SCHEDULES)
    public Object schedules(@Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Schedule s : schedules.list()) {
            rows.add(row(s, schedules.nextFires(s.name(), 1)));
        }
        return json ? ShellJson.write(rows) : rows;
    }

    @Descriptor(HELP_SCHEDULE)
    public Object schedule(
            @Descriptor("Quartz cron expression (seconds first), e.g. '0 0 2 * * ?'") @Parameter(names = "--cron", absentValue = "") String cron,
            @Descriptor("fixed interval, e.g. 30s, 10m, 1h") @Parameter(names = "--every", absentValue = "") String every,
            @Descriptor("time zone of the cron expression (default UTC)") @Parameter(names = "--zone", absentValue = "") String zone,
            @Descriptor("skip (default) or fire-once: fire times missed while no engine ran") @Parameter(names = "--misfire", absentValue = "skip") String misfire,
            @Descriptor("allow (default), skip or queue: a fire while the previous run is unfinished") @Parameter(names = "--overlap", absentValue = "allow") String overlap,
            @Descriptor("root-object guid: TARGET is then the root-object type") @Parameter(names = { "-g", "--rootobjectguid" }, absentValue = "") String guid,
            @Descriptor("a root-object action without a guid") @Parameter(names = "--rootobject", presentValue = "true", absentValue = "false") boolean rootObject,
            @Descriptor("add it paused") @Parameter(names = "--paused", presentValue = "true", absentValue = "false") boolean paused,
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("add NAME TARGET ACTION [key=value...] | pause|resume|remove|run-now|show NAME") String... args) {
        if (args == null || args.length < 2) {
            throw new IllegalArgumentException("usage: wfe:schedule add [--cron EXPR|--every DURATION] NAME TARGET ACTION"
                    + " [key=value...], or wfe:schedule pause|resume|remove|run-now|show NAME");
        }
        String user = ShellUser.current();
        String source = ShellUser.source();
        String name = args[1];
        Object out = switch (args[0]) {
            case "add" -> {
                if (args.length < 4) {
                    throw new IllegalArgumentException("usage: wfe:schedule add [--cron EXPR|--every DURATION] NAME TARGET ACTION [key=value...]");
                }
                Duration interval = every.isEmpty() ? null : Duration.ofSeconds(Durations.parseSeconds(every, "--every"));
                boolean ro = rootObject || !guid.isEmpty();
                Schedule s = new Schedule(name, ro ? "rootobject" : "actor", args[2], args[3], guid.isEmpty() ? null : guid,
                        KeyValues.parse(Arrays.copyOfRange(args, 4, args.length)), cron.isEmpty() ? null : cron, interval,
                        zone.isEmpty() ? null : zone, MisfirePolicy.of(misfire), OverlapPolicy.of(overlap), paused, null, null);
                Schedule added = schedules.add(s, user, source);
                yield row(added, schedules.nextFires(added.name(), 3));
            }
            case "pause" -> row(schedules.pause(name, user, source), List.of());
            case "resume" -> row(schedules.resume(name, user, source), schedules.nextFires(name, 3));
            case "remove" -> {
                schedules.remove(name, user, source);
                yield Map.of("removed", name);
            }
            case "run-now" -> fire(schedules.runNow(name, user, source));
            case "show" -> {
                Schedule s = schedules.get(name).orElseThrow(() -> new org.wfe.api.schedule.ScheduleNotFoundException(name));
                Map<String, Object> m = row(s, schedules.nextFires(name, 5));
                m.put("lastFires", schedules.fires(name, 50).stream().map(ScheduleCommands::fire).toList());
                yield m;
            }
            default -> throw new InvalidScheduleException("unknown sub-command '" + args[0]
                    + "' (add, pause, resume, remove, run-now, show)");
        };
        return json ? ShellJson.write(out) : out;
    }

    static Map<String, Object> row(Schedule s, List<Instant> next) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("when", s.when());
        m.put("action", s.kind() + " " + s.target() + " " + s.action() + (s.rootObjectGuid() == null ? "" : " -g " + s.rootObjectGuid()));
        m.put("params", s.params());
        m.put("misfire", s.misfire().label());
        m.put("overlap", s.overlap().label());
        m.put("paused", s.paused());
        m.put("createdBy", s.createdBy());
        m.put("next", next.isEmpty() ? null : next.size() == 1 ? next.getFirst() : next);
        return m;
    }

    static Map<String, Object> fire(Fire f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fireTime", f.fireTime());
        m.put("trigger", f.trigger());
        m.put("outcome", f.outcome());
        m.put("job", f.jobGuid());
        m.put("node", f.node());
        m.put("detail", f.detail());
        return m;
    }
}
