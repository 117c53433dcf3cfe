package org.wfe.api.action;

import java.util.List;

/**
 * One tasklet as the engine sees it.
 *
 * @param kind {@code rootobject} or {@code actor}
 * @param name the root-object type or actor name
 * @param actions the actions it serves
 * @param className the implementation class (or component name)
 * @param bundle symbolic name and version of the bundle that brings it
 * @param state {@code active}, or {@code broken} with {@link #problem()} saying why
 */
public record TaskletInfo(String kind, String name, List<String> actions, int priority, String className,
        String bundle, long bundleId, String state, String problem) {

    public boolean broken() {
        return "broken".equals(state);
    }
}
