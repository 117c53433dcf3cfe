package org.wfe.webconsole.impl;

import java.io.IOException;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.user.Audit;
import org.wfe.api.user.Credentials;
import org.wfe.api.user.Login;
import org.wfe.api.user.Role;
import org.wfe.api.user.User;
import org.wfe.api.user.Users;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Web Console's login and page rights, through the engine's {@link Users}: the console's own
 * {@code admin}/{@code admin} provider is never asked (the framework property
 * {@code felix.webconsole.security.providers=wfe} keeps the console off until this provider is registered, and
 * it outranks the stock one). A {@code viewer} may read the wfe pages, an {@code operator} may also post their
 * forms (start, kill), and every other page (configMgr, bundles, the shell, vmstat…) is for {@code admin}.
 */
@Component(property = { SecurityProvider.PROPERTY_ID + "=" + ConsoleSecurity.ID, "service.ranking:Integer=1000" })
public class ConsoleSecurity implements SecurityProvider {

    static final String ID = "wfe";
    /** The request attribute with the user's {@link Role}, so pages leave out the forms the user may not send. */
    static final String ROLE_ATTRIBUTE = "org.wfe.user.role";
    static final String REALM = "Basic realm=\"Workflow engine\", charset=\"UTF-8\"";
    private static final String ROOT = "/system/console";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSecurity.class);

    @Reference
    Users users;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Audit audit;

    @Override
    public Object authenticate(HttpServletRequest req, HttpServletResponse resp) {
        try {
            return check(req, resp);
        } catch (IOException e) {
            LOG.warn("console login answer failed: {}", e.toString());
            return null;
        }
    }

    private Object check(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Credentials c = Credentials.fromBasicHeader(req.getHeader("Authorization"));
        if (c == null) {
            challenge(resp);
            return null;
        }
        Login login = users.login(c.name(), c.password(), req.getRemoteAddr(), "console");
        if (login.throttled()) {
            resp.setHeader("Retry-After", Long.toString(Math.max(1, login.retryAfter().toSeconds())));
            resp.sendError(429, "too many failed logins from this address; retry later");
            return null;
        }
        if (!login.accepted()) {
            challenge(resp);
            return null;
        }
        User user = login.user();
        String path = path(req);
        String label = label(path);
        if (label.isEmpty() && !user.role().includes(Role.ADMIN)) {
            resp.sendRedirect(ROOT + "/" + JobsPlugin.LABEL); // the console's default page is for admins
            return null;
        }
        Role need = needed(label, req.getMethod());
        if (!user.role().includes(need)) {
            LOG.warn("console {} {} refused for {} ({}) from {}: needs {}", req.getMethod(), path, user.name(),
                    user.role().label(), req.getRemoteAddr(), need.label());
            resp.sendError(403, "user " + user.name() + " is " + user.role().label() + "; this page needs " + need.label());
            return null;
        }
        if (!isRead(req.getMethod()) && !label.startsWith("wfe-")) {
            // the console's own forms (configMgr, bundles...) change the engine: say who, beside ConfigAdmin's line
            Audit a = audit;
            if (a != null) {
                a.record(user.name(), req.getRemoteAddr(), "console " + req.getMethod() + " " + path);
            }
        }
        req.setAttribute(ServletContextHelper.REMOTE_USER, user.name());
        req.setAttribute(ServletContextHelper.AUTHENTICATION_TYPE, "Basic");
        req.setAttribute(ROLE_ATTRIBUTE, user.role());
        return user;
    }

    /** The role a request needs: the first path segment is the page (the plugin's label). */
    static Role needed(String label, String method) {
        if (label.isEmpty() || label.equals("res") || label.equals("logout")) {
            return Role.VIEWER; // the console's styles and scripts, the redirect to a page, logging out
        }
        if (label.startsWith("wfe-")) {
            return isRead(method) ? Role.VIEWER : Role.OPERATOR;
        }
        return Role.ADMIN;
    }

    static String label(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        int slash = p.indexOf('/');
        return slash < 0 ? p : p.substring(0, slash);
    }

    /** The path inside the console, as the container decoded and normalised it. */
    private static String path(HttpServletRequest req) {
        String p = (req.getServletPath() == null ? "" : req.getServletPath()) + (req.getPathInfo() == null ? "" : req.getPathInfo());
        return p.startsWith(ROOT + "/") || p.equals(ROOT) ? p.substring(ROOT.length()) : p;
    }

    private static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    private static void challenge(HttpServletResponse resp) throws IOException {
        resp.setHeader("WWW-Authenticate", REALM);
        resp.sendError(401, "a user of the engine is required (admin: the password in etc/admin.password)");
    }

    @Override
    public boolean authorize(Object user, String role) {
        // asked by plugins with their own role names: only admin may everything
        return user instanceof User u && u.role() == Role.ADMIN;
    }

    @Override
    public void logout(HttpServletRequest req, HttpServletResponse resp) {
        // Basic auth: the console's own logout answers 401 so that the browser forgets the credentials
    }

    /** Whether the user of the request has the role; true without the provider (pages rendered in tests). */
    static boolean may(HttpServletRequest req, Role role) {
        return !(req.getAttribute(ROLE_ATTRIBUTE) instanceof Role r) || r.includes(role);
    }

    /** The user the provider let in, or null (tests calling plugins directly). */
    static String userOf(HttpServletRequest req) {
        Object u = req.getAttribute(ServletContextHelper.REMOTE_USER);
        return u instanceof String s ? s : req.getRemoteUser();
    }
}
