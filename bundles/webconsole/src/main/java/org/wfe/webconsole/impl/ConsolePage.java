package org.wfe.webconsole.impl;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.owasp.encoder.Encode;
import org.wfe.api.job.JobStatus;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What every engine page shares: escaping (everything a page prints goes through the OWASP encoder), links
 * relative to the console's root, status colours, and the CSRF check of the pages' POST forms (a per-start
 * random token in each form plus a same-origin check; the console's Basic auth alone would let another
 * site's form ride along on the browser's cached credentials).
 */
abstract class ConsolePage extends AbstractServlet {
    private static final long serialVersionUID = 1L;
    static final String CATEGORY = "Workflow engine";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = newToken();

    static String h(Object o) {
        return o == null ? "" : Encode.forHtml(String.valueOf(o));
    }

    static String a(Object o) {
        return o == null ? "" : Encode.forHtmlAttribute(String.valueOf(o));
    }

    static String u(Object o) {
        return o == null ? "" : Encode.forUriComponent(String.valueOf(o));
    }

    /** {@code /system/console}: where the console lives, whatever its configured root. */
    static String appRoot(HttpServletRequest req) {
        Object r = req.getAttribute(ServletConstants.ATTR_APP_ROOT);
        return r != null ? r.toString() : req.getContextPath() + req.getServletPath();
    }

    static String page(HttpServletRequest req, String label) {
        return appRoot(req) + "/" + label;
    }

    static String token() {
        return TOKEN;
    }

    static String tokenField() {
        return "<input type='hidden' name='token' value='" + a(TOKEN) + "'>";
    }

    /**
     * A POST is ours when it carries the page token and, when the browser names an Origin, that origin is
     * this host. Answers 403 otherwise and returns false.
     */
    static boolean csrfSafe(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String t = req.getParameter("token");
        boolean tokenOk = t != null && MessageDigest.isEqual(t.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                TOKEN.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String origin = req.getHeader("Origin");
        String host = req.getHeader("Host");
        // no Origin: an old browser or a same-origin navigation some browsers do not label; the token still holds
        boolean originOk = origin == null || host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
        if (!tokenOk || !originOk) {
            resp.sendError(403, !tokenOk ? "missing or stale form token: reload the page and try again"
                    : "cross-site request refused (Origin " + origin + ")");
            return false;
        }
        return true;
    }

    static String statusClass(JobStatus s) {
        return "wfe-st-" + s.name().toLowerCase(Locale.ROOT);
    }

    static String badge(JobStatus s) {
        return "<span class='wfe-badge " + statusClass(s) + "' data-status='" + a(s.name()) + "'>" + h(s.name()) + "</span>";
    }

    static String colour(JobStatus s) {
        return switch (s) {
            case WAITING -> "#9e9e9e";
            case RUNNING -> "#1e88e5";
            case DONE -> "#43a047";
            case ERROR -> "#e53935";
            case KILLED -> "#fb8c00";
            case TIMED_OUT -> "#8e24aa";
        };
    }

    static String human(Duration d) {
        return org.wfe.api.text.Durations.format(d);
    }

    /** The styles of every engine page, once per page. */
    static String style() {
        StringBuilder sb = new StringBuilder("<style>");
        for (JobStatus s : JobStatus.values()) {
            sb.append('.').append(statusClass(s)).append("{background:").append(colour(s)).append(";}");
        }
        sb.append("h2.wfe{font-size:16px !important;font-weight:bold !important;margin:8px 0 !important;}h3.wfe{font-size:13px !important;font-weight:bold !important;margin:14px 0 4px 0 !important;}")
                .append(".wfe-badge{color:#fff;padding:1px 6px;border-radius:3px;font-size:90%;}")
                .append(".wfe-error{color:#b71c1c;}.wfe-muted{color:#777;}")
                .append(".wfe-log{background:#111;color:#ddd;padding:6px;max-height:360px;overflow:auto;font-size:12px;white-space:pre-wrap;}")
                .append(".wfe-form label{margin-right:10px;}.wfe-form input,.wfe-form select{margin-left:3px;}")
                .append(".wfe-broken td{background:#ffebee;}.wfe-section{margin:10px 0 16px 0;}")
                .append("pre.wfe-json{background:#f5f5f5;padding:6px;white-space:pre-wrap;max-height:240px;overflow:auto;}")
                .append("</style>");
        return sb.toString();
    }

    static void json(HttpServletResponse resp, int status, Object body) throws IOException {
        setNoCache(resp);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        JSON.writeValue(resp.getOutputStream(), body);
    }

    static String pretty(Object o) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (IOException e) {
            return String.valueOf(o);
        }
    }

    private static String newToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
