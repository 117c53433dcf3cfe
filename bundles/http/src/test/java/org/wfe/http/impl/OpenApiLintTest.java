package org.wfe.http.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the API serves passes a standard linter: Redocly CLI's recommended rules, the
 * version pinned in cnf/services/services.sh, which puts its path into WFE_REDOCLY. Errors fail; its
 * warnings (no license, no 4XX answer for the document itself) are printed, not counted.
 */
class OpenApiLintTest {

    @Test
    void theDocumentHasNoLintErrors() throws IOException, InterruptedException {
        String redocly = System.getenv("WFE_REDOCLY");
        if (redocly == null || !Files.isExecutable(Path.of(redocly))) {
            String why = "no Redocly CLI (WFE_REDOCLY; cnf/services/services.sh start DIR installs it from npm)";
            if (System.getenv("CI") != null) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
        Path doc = Path.of("src/main/resources/org/wfe/http/impl/openapi.json").toAbsolutePath();
        assertTrue(Files.isRegularFile(doc), doc.toString());
        Path out = Files.createTempFile("redocly", ".txt");
        try {
            Process p = new ProcessBuilder(redocly, "lint", "--format=stylish", doc.toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                Assertions.fail("redocly lint did not finish in 3 minutes");
            }
            String report = Files.readString(out, StandardCharsets.UTF_8);
            System.out.println(report);
            assertEquals(0, p.exitValue(), "redocly lint found errors in openapi.json:\n" + report);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
