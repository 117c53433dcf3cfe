package org.wfe.api.tasklet;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares a {@link Tasklet} component as serving actor actions, e.g.
 * {@code @ActorAction(actor = "hypervisor", action = "startVMachine")}. Becomes the service properties
 * {@code wfe.tasklet.actor}, {@code wfe.tasklet.action}, {@code wfe.tasklet.priority}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ActorAction {
    String PREFIX_ = "wfe.tasklet.";

    String actor();

    String[] action();

    int priority() default 1;
}
