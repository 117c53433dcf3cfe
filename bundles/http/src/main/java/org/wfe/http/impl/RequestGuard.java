package org.wfe.http.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.osgi.service.servlet.whiteboard.annotations.RequireHttpWhiteboard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One guard in front of everything the engine serves over HTTP: the Felix Web Console (its own pages and
 * ours), the JSON API, and anything a bundle registers later. A whiteboard {@link Preprocessor} runs before
 * Felix picks a servlet context, so it covers the Web Console's servlet and the HttpService's contexts as
 * well as whiteboard servlets, and before any authentication. It refuses a Host that is not one of this
 * engine's names (DNS rebinding) and a state-changing request sent by another site's page (cross-site
 * request forgery riding on the browser's cached Basic credentials), and tells browsers never to frame a
 * page or guess a content type.
 */
@Component(service = Preprocessor.class, configurationPid = HttpApiConfig.PID)
@RequireHttpWhiteboard
public class RequestGuard implements Preprocessor {

    private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private volatile HostAllowList hosts = HostAllowList.LOOPBACK_ONLY;

    @Activate
    @Modified
    void apply(HttpApiConfig config) {
        try {
            HostAllowList h = HostAllowList.of(config.allowedHosts());
            if (!h.equals(hosts)) {
                LOG.info("HTTP accepts Host: {}", h);
            }
            hosts = h;
        } catch (IllegalArgumentException e) {
            LOG.error("configuration {} refused, keeping allowedHosts {}: {}", HttpApiConfig.PID, hosts, e.getMessage());
        }
    }

    @Override
    public void init(FilterConfig filterConfig) {
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        String host = req.getHeader("Host");
        if (!hosts.allows(host, req.getLocalPort())) {
            LOG.warn("request refused, Host is not a name of this engine: {} {} Host {} from {}", req.getMethod(),
                    CrossSite.printable(req.getRequestURI()), CrossSite.printable(host), remote(req));
            refuse(req, resp, "host_refused", "Host '" + CrossSite.printable(host) + "' is not a name of this engine;"
                    + " add it to allowedHosts in etc/" + HttpApiConfig.PID + ".cfg");
            return;
        }
        if (!CrossSite.safe(req.getMethod())) {
            String foreign = CrossSite.foreign(req.getHeader("Origin"), req.getHeader("Referer"), req.getHeader("Sec-Fetch-Site"), host);
            if (foreign != null) {
                LOG.warn("cross-site request refused: {} {} from {} (remote {})", req.getMethod(),
                        CrossSite.printable(req.getRequestURI()), CrossSite.printable(foreign), remote(req));
                refuse(req, resp, "cross_site", "cross-site request refused: " + req.getMethod() + " from "
                        + CrossSite.printable(foreign) + " (not a page of this engine)");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static String remote(HttpServletRequest req) {
        return req.getRemoteAddr() + ":" + req.getRemotePort();
    }

    /** 403 in the API's error format under the API, plain text elsewhere. */
    private static void refuse(HttpServletRequest req, HttpServletResponse resp, String code, String message) throws IOException {
        resp.setStatus(403);
        resp.setHeader("Cache-Control", "no-store");
        // the body is left unread: the connection goes, so no client reuses it with the body still in it
        resp.setHeader("Connection", "close");
        resp.setCharacterEncoding("UTF-8");
        if (req.getRequestURI() != null && req.getRequestURI().startsWith("/wfe/api/")) {
            resp.setContentType("application/json");
            resp.getOutputStream().write(JSON.writeValueAsBytes(Views.error(403, code, message)));
        } else {
            resp.setContentType("text/plain");
            resp.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void destroy() {
    }
}
