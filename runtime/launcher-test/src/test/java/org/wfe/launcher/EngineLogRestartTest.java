package org.wfe.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.testsupport.WfeCommand;

/**
 * The engine log is kept across starts, so ./wfe start must judge the store by what this start logged: an
 * old "refusing to start" (a store refused last week, fixed since) must not stop the engine again.
 */
class EngineLogRestartTest {

    @TempDir
    Path dir;

    @Test
    void aRefusalLoggedByAnEarlierStartDoesNotFailTheNextOne() throws Exception {
        WfeCommand wfe = new WfeCommand(dir.resolve("home"));
        try {
            assertEquals(0, wfe.run("start").exit());
            assertEquals(0, wfe.run("stop").exit());
            Path log = wfe.home.resolve("var/log/engine.log");
            Files.writeString(log, "2026-01-01 00:00:00.000 [wfe-drp-open] ERROR org.wfe.drp.impl.DrpComponent - the store's schema"
                    + " version 99 is newer than this engine knows (2): refusing to start\n", StandardOpenOption.APPEND);
            WfeCommand.Result again = wfe.run("start");
            assertEquals(0, again.exit(), again.all());
            assertTrue(!again.all().contains("refused its data store"), again.all());
            assertTrue(Files.readString(log).contains("schema version 99"), "the old lines are still there");
        } finally {
            wfe.run("kill");
        }
    }

    @Test
    void aBrokenLogbackXmlStillLogsToTheFileWithTheDefaultAndSaysSo() throws Exception {
        WfeCommand wfe = new WfeCommand(dir.resolve("broken"));
        Files.createDirectories(wfe.home.resolve("etc"));
        Files.writeString(wfe.home.resolve("etc/logback.xml"), "<configuration><appender name=\"FILE\" class=\"no.Such");
        try {
            WfeCommand.Result start = wfe.run("start");
            assertEquals(0, start.exit(), start.all());
            String log = Files.readString(wfe.home.resolve("var/log/engine.log"));
            assertTrue(log.contains("etc/logback.xml did not configure logging"), log);
            assertTrue(log.contains("data repository open"), "the engine's lines after it are in the file");
            assertTrue(Files.readString(wfe.home.resolve("etc/logback.xml")).startsWith("<configuration><appender"),
                    "the operator's file is left as it was");
        } finally {
            wfe.run("kill");
        }
    }
}
