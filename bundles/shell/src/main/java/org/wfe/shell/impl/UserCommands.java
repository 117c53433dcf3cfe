package org.wfe.shell.impl;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.wfe.api.user.Audit;
import org.wfe.api.user.Role;
import org.wfe.api.user.User;
import org.wfe.api.user.Users;

/**
 * {@code wfe:users}, {@code wfe:user-add NAME ROLE [PASSWORD]}, {@code wfe:user-passwd}, {@code wfe:user-role},
 * {@code wfe:user-remove} and {@code wfe:audit [N]}. Without a password, user-add and user-passwd generate one and
 * print it once (a password typed on the command line stays in the shell's history).
 */
@Component(service = UserCommands.class, immediate = true, property = { "osgi.command.scope=wfe", "osgi.command.function=users",
        "osgi.command.function=audit" })
public class UserCommands {

    // what help wfe and wfe:wfe say (one text: HelpCommands.SUMMARY is built from these)
    static final String HELP_USERS = "lists the users and their roles (viewer, operator, admin)";
    static final String HELP_USERADD = "adds a user; without a password one is generated and printed once";
    static final String HELP_USERPASSWD = "sets a user's password; without one a new one is generated and printed once";
    static final String HELP_USERROLE = "changes a user's role";
    static final String HELP_USERREMOVE = "removes a user";
    static final String HELP_AUDIT = "the last lines of the audit log (var/log/audit.log): who started, killed or changed what";

    // Gogo finds a command's method by its name, and a Java name has no '-': the hyphenated commands are
    // Function services of their own, registered here (immediate: a delayed component would take them away
    // whenever Gogo lets go of this one).
    private final List<ServiceRegistration<?>> functions = new ArrayList<>();

    @Activate
    void activate(BundleContext ctx) {
        register(ctx, "user-add", HELP_USERADD, "wfe:user-add NAME viewer|operator|admin [PASSWORD]", 2, 3,
                a -> useradd(a.get(0), a.get(1), a.subList(2, a.size()).toArray(String[]::new)));
        register(ctx, "user-passwd", HELP_USERPASSWD, "wfe:user-passwd NAME [PASSWORD]", 1, 2,
                a -> userpasswd(a.get(0), a.subList(1, a.size()).toArray(String[]::new)));
        register(ctx, "user-role", HELP_USERROLE, "wfe:user-role NAME viewer|operator|admin", 2, 2, a -> userrole(a.get(0), a.get(1)));
        register(ctx, "user-remove", HELP_USERREMOVE, "wfe:user-remove NAME", 1, 1, a -> userremove(a.get(0)));
    }

    @Deactivate
    void deactivate() {
        functions.forEach(ServiceRegistration::unregister);
        functions.clear();
    }

    private void register(BundleContext ctx, String name, String description, String usage, int min, int max,
            java.util.function.Function<List<String>, Object> body) {
        Function f = (session, arguments) -> {
            List<String> args = arguments.stream().map(String::valueOf).toList();
            if (args.size() == 1 && (args.get(0).equals("--help") || args.get(0).equals("-h"))) {
                return usage;
            }
            if (args.size() < min || args.size() > max) {
                throw new IllegalArgumentException("usage: " + usage);
            }
            return body.apply(args);
        };
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "wfe");
        props.put("osgi.command.function", name);
        props.put(HelpCommands.DESCRIPTION, description + " (" + usage + ")");
        functions.add(ctx.registerService(Function.class, f, props));
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Users users;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Audit audit;

    /** A user as the shell prints it. */
    public record UserRow(String name, String role) {
        @Override
        public String toString() {
            return String.format("%-24s %s", name, role);
        }
    }

    @Descriptor(HELP_USERS)
    public List<UserRow> users() {
        return service().list().stream().map(u -> new UserRow(u.name(), u.role().label())).toList();
    }

    @Descriptor(HELP_USERADD)
    public String useradd(@Descriptor("user name") String name, @Descriptor("viewer, operator or admin") String role,
            @Descriptor("password (at least 8 characters)") String... password) {
        String pw = password(password);
        User u = service().add(name, Role.parse(role), pw);
        ShellUser.audit(audit, "user-add " + u.name() + " " + u.role().label());
        return "user " + u.name() + " (" + u.role().label() + ") added" + (password.length == 0 ? "; password: " + pw : "");
    }

    @Descriptor(HELP_USERPASSWD)
    public String userpasswd(@Descriptor("user name") String name, @Descriptor("new password") String... password) {
        String pw = password(password);
        service().setPassword(name, pw);
        ShellUser.audit(audit, "user-passwd " + name);
        return "password of " + name + " changed" + (password.length == 0 ? "; password: " + pw : "");
    }

    @Descriptor(HELP_USERROLE)
    public String userrole(@Descriptor("user name") String name, @Descriptor("viewer, operator or admin") String role) {
        User u = service().setRole(name, Role.parse(role));
        ShellUser.audit(audit, "user-role " + name + " " + u.role().label());
        return "user " + name + " is now " + u.role().label();
    }

    @Descriptor(HELP_USERREMOVE)
    public String userremove(@Descriptor("user name") String name) {
        if (!service().remove(name)) {
            throw new IllegalArgumentException("no user '" + name + "' (wfe:users lists them)");
        }
        ShellUser.audit(audit, "user-remove " + name);
        return "user " + name + " removed";
    }

    @Descriptor(HELP_AUDIT)
    public List<String> audit(@Descriptor("how many lines (default 20)") int... n) {
        Audit a = audit;
        if (a == null) {
            throw new IllegalStateException("the audit log is not running");
        }
        return a.tail(n.length == 0 ? 20 : n[0]);
    }

    private static String password(String[] given) {
        if (given.length > 1) {
            throw new IllegalArgumentException("one password, please (quote it if it has blanks)");
        }
        if (given.length == 1) {
            return given[0];
        }
        byte[] b = new byte[15];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private Users service() {
        Users u = users;
        if (u == null) {
            throw new IllegalStateException("the user service is not running");
        }
        return u;
    }
}
