package org.wfe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dir;

    @Test
    void theDocsOwnSectionsOutliveANewTable() throws Exception {
        Path doc = dir.resolve("benchmarks.md");
        assertEquals("", Main.sections(doc), "no doc yet: nothing to keep");
        Files.writeString(doc, "# Benchmarks\n\n```\nold table\n```\n\n## Retention\n\nfigures\n\n## Job search\n\nmore\n");
        assertEquals("\n## Retention\n\nfigures\n\n## Job search\n\nmore\n", Main.sections(doc));
        Files.writeString(doc, "# Benchmarks\n\n```\nold table\n```\n");
        assertEquals("", Main.sections(doc), "a doc of the table alone keeps nothing");
    }
}
