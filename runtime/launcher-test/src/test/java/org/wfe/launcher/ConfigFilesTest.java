package org.wfe.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.testsupport.WfeCommand;

/** The operator's etc/*.cfg files are read, never rewritten: restarts once emptied them. */
class ConfigFilesTest {
    @TempDir
    Path home;

    @AfterEach
    void kill() throws Exception {
        new WfeCommand(home).run("kill");
    }

    @Test
    void configurationFilesWrittenBeforeTheFirstStartSurviveRestarts() throws Exception {
        Map<String, String> files = Map.of(
                "org.wfe.jobs.cfg", "logCapBytes=2000000\n",
                "org.wfe.agentcontroller.cfg", "xmppserver=127.0.0.1\nport=5299\nagentcontrollerguid=controller\npassword=secret\ntls=disabled\n");
        Files.createDirectories(home.resolve("etc"));
        for (var f : files.entrySet()) {
            Files.writeString(home.resolve("etc").resolve(f.getKey()), f.getValue());
        }
        WfeCommand wfe = new WfeCommand(home);
        assertEquals(0, wfe.run("start").exit());
        assertEquals(0, wfe.run("restart").exit());
        assertEquals(0, wfe.run("restart").exit());
        assertEquals(0, wfe.run("stop").exit());
        for (var f : files.entrySet()) {
            assertEquals(f.getValue(), Files.readString(home.resolve("etc").resolve(f.getKey())), f.getKey() + " was rewritten");
        }
    }
}
