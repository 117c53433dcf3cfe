package org.wfe.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;

/** Garbage in: a clear error each time, and the engine healthy after (an action still runs). */
class GarbageFaultTest {
    static Engine engine;

    @RegisterExtension
    static final BeforeAllCallback START = (ExtensionContext ctx) -> engine = Engine.get(ctx);

    @AfterEach
    void engineStillHealthy() throws Exception {
        Engine.Reply r = engine.api("POST", "/actions/actor/hello/greet", "{\"params\":{\"name\":\"after\"}}");
        assertEquals(200, r.status(), r.response().body());
        assertEquals("hello after", r.json().get("result").asText());
        assertTrue(engine.api("GET", "/status", null).json().path("healthy").asBoolean(), "engine not healthy");
    }

    @Test
    void malformedJsonToTheHttpApiIs400() throws Exception {
        for (String body : new String[] {"{", "[1,2", "{\"params\": 3}", "\u0000\u0001garbage", "{\"params\":{}, \"execution\":{\"maxduration\":\"soon\"}}"}) {
            Engine.Reply r = engine.api("POST", "/actions/actor/hello/greet", body);
            assertEquals(400, r.status(), body + " -> " + r.response().body());
            assertTrue(r.json().path("message").asText().length() > 5, "no clear message: " + r.response().body());
        }
        Figures.print("malformed JSON to the HTTP API", "5 of 5 bodies answered 400 with a message");
    }

    @Test
    void hugeParamsAreRefusedClearly() throws Exception {
        String huge = "{\"params\":{\"blob\":\"" + "x".repeat(8 * 1024 * 1024) + "\"}}";
        Engine.Reply r = engine.api("POST", "/actions/actor/hello/greet", huge);
        assertEquals(413, r.status(), r.response().body().substring(0, Math.min(300, r.response().body().length())));
        Figures.print("8 MiB of params to the HTTP API", "answered %d: %s", r.status(), r.json().path("message").asText());
    }

    @Test
    void malformedKeyValueInGogoIsOneClearLine() throws Exception {
        WfeCommand.Result r = engine.wfe("exec", "wfe:actor hello greet name");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("key=value"), r.all());
        assertEquals(1, r.err().strip().lines().count(), "one line, not a stack trace: " + r.err());
        Figures.print("malformed key=value in Gogo", "exit %d, one line: %s", r.exit(), r.err().strip());
    }

    @Test
    void garbageAndUnresolvableJarsInDeployAreReportedAndNothingElseBreaks() throws Exception {
        byte[] junk = new byte[64 * 1024];
        new Random(42).nextBytes(junk);
        Path garbage = engine.home.resolve("deploy/garbage.jar");
        Files.write(garbage, junk);
        Path unresolvable = engine.home.resolve("deploy/unresolvable.jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().putValue("Manifest-Version", "1.0");
        mf.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        mf.getMainAttributes().putValue("Bundle-SymbolicName", "fault.unresolvable");
        mf.getMainAttributes().putValue("Import-Package", "org.example.does.not.exist");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(unresolvable), mf)) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.write("a tasklet bundle whose import nothing provides".getBytes());
        }
        Path log = engine.home.resolve("var/log/engine.log");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("org.example.does.not.exist"));
        String line = Files.readAllLines(log).stream().filter(l -> l.contains("unresolvable.jar")).findFirst().orElse("(no line names the file)");
        Files.delete(garbage);
        Files.delete(unresolvable);
        Figures.print("a garbage jar and a bundle with a missing import dropped into deploy/",
                "the garbage is ignored, the bundle is reported with its reason in the engine log: %s",
                line.length() > 160 ? line.substring(0, 160) + "..." : line);
    }
}
