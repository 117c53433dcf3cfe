package org.wfe.api.tasklet;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares a {@link Tasklet} component as serving root-object actions, e.g.
 * {@code @RootObjectAction(type = "machine", action = {"start", "stop"}, priority = 10)}.
 * Becomes the service properties {@code wfe.tasklet.type}, {@code wfe.tasklet.action},
 * {@code wfe.tasklet.priority}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface RootObjectAction {
    String PREFIX_ = "wfe.tasklet.";

    /** The root-object type, e.g. {@code machine}. */
    String type();

    /** The actions served, e.g. {@code start}. */
    String[] action();

    /** Higher runs first; default 1 as in the original engine. */
    int priority() default 1;
}
