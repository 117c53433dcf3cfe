package org.wfe.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.extension.ExtensionContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An engine started with {@code ./wfe start} on a temporary home with the fixture and hello bundles in
 * deploy/, stopped on close. {@link #get} shares one per test run (a root-store resource). The helpers
 * talk to it the way operators do: HTTP with the admin password, {@code ./wfe exec}.
 */
public final class Engine implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final List<String> DEFAULT_DEPLOY = List.of("tasklet-bundles/fixtures", "tasklet-bundles/hello");

    public final WfeCommand wfe;
    public final Path checkout;
    public final Path home;
    public final String base;
    public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Reply(int status, JsonNode json, HttpResponse<String> response) {
    }

    /** The engine shared by every test class of the run. */
    public static Engine get(ExtensionContext ctx) {
        return ctx.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(Engine.class, k -> {
            try {
                return start(Files.createTempDirectory("wfe-engine-test"), DEFAULT_DEPLOY);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the engine: " + e.getMessage(), e);
            }
        }, Engine.class);
    }

    /** Starts an engine of its own on {@code home} with the jars of {@code modules} deployed. */
    public static Engine start(Path home, List<String> modules) throws IOException, InterruptedException {
        WfeCommand wfe = new WfeCommand(home);
        for (String m : modules) {
            wfe.deploy(m);
        }
        WfeCommand.Result r = wfe.run(Duration.ofMinutes(3), "start");
        if (r.exit() != 0) {
            throw new IllegalStateException("./wfe start failed: " + r.all());
        }
        return new Engine(wfe);
    }

    /** An engine already running on {@code home} (e.g. after a test restarted it: its HTTP port is new). */
    public static Engine attach(Path home) throws IOException {
        return new Engine(new WfeCommand(home));
    }

    private Engine(WfeCommand wfe) throws IOException {
        this.wfe = wfe;
        this.checkout = wfe.checkout;
        this.home = wfe.home;
        this.base = "http://127.0.0.1:" + wfe.statusProperty("http.port");
    }

    @Override
    public void close() throws Exception {
        wfe.run(Duration.ofMinutes(2), "stop");
    }

    public WfeCommand.Result wfe(String... args) throws IOException, InterruptedException {
        return wfe.run(Duration.ofMinutes(2), args);
    }

    public WfeCommand.Result wfe(Duration timeout, String... args) throws IOException, InterruptedException {
        return wfe.run(timeout, args);
    }

    public String password() throws IOException {
        return wfe.adminPassword();
    }

    public String basicAuth() throws IOException {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + password()).getBytes(StandardCharsets.UTF_8));
    }

    public String statusProperty(String key) throws IOException {
        return wfe.statusProperty(key);
    }

    /** An API call as admin; body null for GET. */
    public Reply api(String method, String path, String body) throws IOException, InterruptedException {
        return call(method, base + "/wfe/api/v1" + path, body, basicAuth());
    }

    public Reply call(String method, String url, String body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        if (r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            json = JSON.readTree(r.body());
        }
        return new Reply(r.statusCode(), json, r);
    }

    /** Starts an actor action without waiting; returns the job guid. */
    public String startAsync(String actor, String action, String paramsJson) throws IOException, InterruptedException {
        Reply r = api("POST", "/actions/actor/" + actor + "/" + action + "?wait=false", "{\"params\":" + paramsJson + "}");
        if (r.status() != 202) {
            throw new AssertionError("start " + actor + "." + action + ": " + r.status() + " " + r.response().body());
        }
        return r.json().get("jobGuid").asText();
    }

    public String jobStatus(String guid) throws IOException, InterruptedException {
        return api("GET", "/jobs/" + guid, null).json().get("status").asText();
    }
}
