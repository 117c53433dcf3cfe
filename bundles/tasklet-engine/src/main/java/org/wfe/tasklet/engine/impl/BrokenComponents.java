package org.wfe.tasklet.engine.impl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.wfe.api.action.TaskletInfo;
import org.wfe.api.tasklet.Tasklet;
import org.wfe.api.tasklet.TaskletProperties;

/**
 * Finds Tasklet components that DS could not bring up, from the runtime's DTOs: those never register a
 * service (unsatisfied references) or register one that yields no object (activate threw), so the
 * registry alone cannot see or explain them.
 */
final class BrokenComponents {

    private static final String TASKLET = Tasklet.class.getName();

    /** Broken Tasklet components, except those whose service the registry already lists. */
    static List<TaskletInfo> scan(ServiceComponentRuntime scr, LongPredicate known) {
        List<TaskletInfo> l = new ArrayList<>();
        if (scr == null) {
            return l;
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.serviceInterfaces == null || !Arrays.asList(d.serviceInterfaces).contains(TASKLET)) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                String problem = problem(c, d);
                if (problem != null && (c.service == null || !known.test(c.service.id))) {
                    l.add(info(d, problem));
                }
            }
        }
        return l;
    }

    /** Why DS could not activate component {@code name} of bundle {@code bundleId}; null when it does not say. */
    static String failureOf(ServiceComponentRuntime scr, long bundleId, String name) {
        if (scr == null || name == null) {
            return null;
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.bundle.id == bundleId && name.equals(d.name)) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    String p = problem(c, d);
                    if (p != null) {
                        return p;
                    }
                }
            }
        }
        return null;
    }

    private static String problem(ComponentConfigurationDTO c, ComponentDescriptionDTO d) {
        return switch (c.state) {
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "activate failed: " + firstLine(c.failure);
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "unsatisfied reference(s): "
                    + String.join(", ", Arrays.stream(c.unsatisfiedReferences == null ? new UnsatisfiedReferenceDTO[0]
                            : c.unsatisfiedReferences).map(r -> describe(r, d)).toList());
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "missing its required configuration";
            default -> null;
        };
    }

    private static String describe(UnsatisfiedReferenceDTO r, ComponentDescriptionDTO d) {
        String iface = d.references == null ? "?" : Arrays.stream(d.references).filter(x -> x.name.equals(r.name))
                .map(x -> x.interfaceName).findFirst().orElse("?");
        return r.name + " (no " + iface + (r.target == null ? "" : " matching " + r.target) + ")";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no reason given";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private static TaskletInfo info(ComponentDescriptionDTO d, String problem) {
        Map<String, Object> p = d.properties == null ? Map.of() : d.properties;
        boolean root = p.get(TaskletProperties.TYPE) != null;
        Object name = root ? p.get(TaskletProperties.TYPE) : p.get(TaskletProperties.ACTOR);
        Object a = p.get(TaskletProperties.ACTION);
        List<String> actions = a instanceof String[] arr ? List.of(arr) : a == null ? List.of() : List.of(a.toString());
        int prio = p.get(TaskletProperties.PRIORITY) instanceof Integer i ? i : 1;
        return new TaskletInfo(name == null ? "unknown" : root ? "rootobject" : "actor",
                name == null ? "" : name.toString(), actions, prio, d.implementationClass,
                d.bundle.symbolicName + " " + d.bundle.version, d.bundle.id, "broken", problem);
    }

    /** A key per broken component, so each is logged once. */
    static Set<String> keys(List<TaskletInfo> infos) {
        Set<String> s = new java.util.HashSet<>();
        infos.forEach(i -> s.add(i.bundleId() + "/" + i.className() + "/" + i.problem()));
        return s;
    }

    private BrokenComponents() {
    }
}
