package org.wfe.shell.impl;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Job;
import org.wfe.api.user.Audit;

/**
 * Who typed the command: the SSH login puts the user into the session ({@code wfe.user}); the engine's own
 * console has no login, so it is the fixed principal {@link Audit#LOCAL}.
 */
final class ShellUser {

    private ShellUser() {
    }

    static String current() {
        Job job = Job.Utils.current();
        CommandSession session = job == null ? null : job.session();
        Object user = session == null ? null : session.get("wfe.user");
        return user instanceof String s && !s.isBlank() ? s : Audit.LOCAL;
    }

    static String source() {
        Job job = Job.Utils.current();
        CommandSession session = job == null ? null : job.session();
        Object source = session == null ? null : session.get("wfe.source");
        return source instanceof String s ? s : "console";
    }

    static void audit(Audit audit, String what) {
        if (audit != null) {
            audit.record(current(), source(), "gogo " + what);
        }
    }
}
