package org.wfe.http.impl;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.annotations.RequireHttpWhiteboard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.action.ActionManager;
import org.wfe.api.agent.AgentController;
import org.wfe.api.drp.Drp;
import org.wfe.api.health.EngineHealth;
import org.wfe.api.job.JobController;
import org.wfe.api.job.LogText;
import org.wfe.api.user.Audit;
import org.wfe.api.user.Users;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The HTTP face of {@link Api}: Basic auth and roles ({@link ApiAuth}), reading the JSON body, writing JSON replies and errors. Every
 * engine service is an optional dynamic reference, so the API answers 503 for a missing one instead of
 * disappearing with it.
 */
@Component(service = Servlet.class, configurationPid = HttpApiConfig.PID, property = {
        "osgi.http.whiteboard.servlet.pattern=" + ApiServlet.ROOT + "/*",
        "osgi.http.whiteboard.servlet.name=wfe-api" })
@Designate(ocd = HttpApiConfig.class)
@RequireHttpWhiteboard
public class ApiServlet extends HttpServlet {
    static final String ROOT = "/wfe/api/v1";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    /** How much of a too-big body is read to answer 413 cleanly; past that the connection is closed. */
    private static final long MAX_SWALLOW_BYTES = 64L * 1024 * 1024;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile JobController jobs;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ActionManager actions;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile AgentController agents;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Drp drp;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Users users;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Audit audit;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile EngineHealth health;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile org.wfe.api.schedule.Schedules schedules;
    private final transient ScheduleRoutes scheduleRoutes = new ScheduleRoutes(() -> schedules);

    private volatile Settings settings = Settings.DEFAULTS;
    private transient Api api;

    @Activate
    void activate(HttpApiConfig config) {
        api = new Api(new Api.Services(() -> jobs, () -> actions, () -> agents, () -> drp, () -> audit, () -> health), () -> settings);
        apply(config);
    }

    /** A bad value is refused with one log line and the last good settings stay in force. */
    @Modified
    void apply(HttpApiConfig config) {
        try {
            Settings s = Settings.of(config);
            if (!s.equals(settings)) {
                LOG.info("HTTP API configuration {}: {}", HttpApiConfig.PID, s);
            }
            settings = s;
        } catch (IllegalArgumentException e) {
            LOG.error("configuration {} refused, keeping {}: {}", HttpApiConfig.PID, settings, e.getMessage());
        }
    }

    Settings settings() {
        return settings;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        if (isHealth(req) && req.getHeader("Authorization") == null) {
            HealthView.Answer a = HealthView.answer(health, false); // liveness: the status only
            write(resp, a.status(), a.body());
            return;
        }
        ApiAuth.Decision who = ApiAuth.decide(users, req.getHeader("Authorization"), req.getMethod(), req.getRemoteAddr());
        if (who.refusal() != null) {
            ApiException e = who.refusal();
            if (e.status() == 401) {
                resp.setHeader("WWW-Authenticate", ApiAuth.CHALLENGE);
            } else if (e.status() == 429) {
                resp.setHeader("Retry-After", Long.toString(who.retryAfterSeconds()));
            } else if (e.status() == 403) {
                LOG.warn("HTTP API {} {} refused for {} from {}: {}", req.getMethod(), req.getRequestURI(), who.user().name(),
                        req.getRemoteAddr(), e.getMessage());
            }
            write(resp, e.status(), Views.error(e.status(), e.code(), e.getMessage()));
            return;
        }
        Api.Caller caller = new Api.Caller(who.user().name(), req.getRemoteAddr());
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        try {
            if (isHealth(req)) {
                HealthView.Answer a = HealthView.answer(health, true);
                write(resp, a.status(), a.body());
                return;
            }
            if (path.equals("/openapi.json") && req.getMethod().equals("GET")) {
                openApi(resp);
                return;
            }
            if (!req.getMethod().equals("GET") && !req.getMethod().equals("POST")) {
                throw new ApiException(405, "method_not_allowed", req.getMethod() + " is not used by this API (GET and POST only)");
            }
            if (req.getMethod().equals("POST") && !isJson(req)) {
                // read (and drop) the body first: a connection closed under an unread body loses this answer
                swallow(req.getInputStream(), MAX_SWALLOW_BYTES);
                throw new ApiException(415, "unsupported_media_type", "the body must be JSON with Content-Type: application/json"
                        + (req.getContentType() == null ? " (none given)" : ", got " + req.getContentType()));
            }
            Map<String, Object> body = req.getMethod().equals("POST") ? body(req) : Map.of();
            Api.Reply r = ScheduleRoutes.serves(path) ? scheduleRoutes.handle(caller, req.getMethod(), path, query(req.getQueryString()), body)
                    : api.handle(caller, req.getMethod(), path, query(req.getQueryString()), body);
            if (r.location() != null) {
                resp.setHeader("Location", req.getContextPath() + ROOT + "/" + r.location());
            }
            write(resp, r.status(), r.body());
        } catch (ApiException e) {
            if (e.retryAfter() > 0) {
                resp.setHeader("Retry-After", Integer.toString(e.retryAfter()));
            }
            write(resp, e.status(), Views.error(e.status(), e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            // the path is the client's (decoded: %0A is a line break): escaped, so it cannot forge log lines
            LOG.error("HTTP API {} {} failed", LogText.escape(req.getMethod()), LogText.escape(path), e);
            write(resp, 500, Views.error(500, "internal", String.valueOf(e.getMessage())));
        }
    }

    private static boolean isHealth(HttpServletRequest req) {
        return "/health".equals(req.getPathInfo()) && (req.getMethod().equals("GET") || req.getMethod().equals("HEAD"));
    }

    /** From the query string only: a form-encoded POST body (curl -d's default type) is refused with 415, never read as parameters. */
    static Query query(String queryString) {
        Map<String, String> q = new LinkedHashMap<>();
        if (queryString != null && !queryString.isEmpty()) {
            for (String pair : queryString.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k;
                String v;
                try {
                    k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("bad_parameter", "malformed query string: " + e.getMessage());
                }
                if (q.put(k, v) != null) {
                    throw ApiException.badRequest("bad_parameter", "query parameter '" + k + "' given twice");
                }
            }
        }
        return new Query(q);
    }

    /**
     * A body must say it is JSON: an HTML form can only send form, multipart or text/plain bodies, so this
     * keeps a page's form from starting anything even where the cross-site check lets a request pass. A POST
     * with no body and no type (a kill by curl -X POST) is fine.
     */
    static boolean isJson(HttpServletRequest req) {
        String type = req.getContentType();
        if (type == null) {
            return req.getContentLengthLong() <= 0 && req.getHeader("Transfer-Encoding") == null;
        }
        return type.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT).equals("application/json");
    }

    private Map<String, Object> body(HttpServletRequest req) throws IOException {
        int max = settings.maxBodyBytes();
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                // read (and drop) what the client is still sending: a connection closed under its upload
                // gives it a broken pipe instead of this answer
                swallow(in, MAX_SWALLOW_BYTES);
                throw new ApiException(413, "body_too_large", "the request body is larger than " + max + " bytes");
            }
        }
        return parse(bytes);
    }

    private static void swallow(InputStream in, long limit) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n; total < limit && (n = in.read(buf)) >= 0; ) {
            total += n;
        }
    }

    /** An empty body is an empty object; anything else must be one JSON object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(byte[] bytes) {
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return Map.of();
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed_json", "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("malformed_json", "the body cannot be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("malformed_json", "the body must be a JSON object, e.g. {\"params\": {\"name\": \"x\"}}");
        }
        return JSON.convertValue(node, Map.class);
    }

    private static void write(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        JSON.writeValue(resp.getOutputStream(), body);
    }

    private static void openApi(HttpServletResponse resp) throws IOException {
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        try (InputStream in = ApiServlet.class.getResourceAsStream("openapi.json")) {
            in.transferTo(resp.getOutputStream());
        }
    }
}
