package org.wfe.engine.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateHomeTest {

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static Path file(Path p, String mode) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "x");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    @Test
    void tightensWhatTheEngineOwnsAndReportsTheOperatorsCfgFiles(@TempDir Path root) throws Exception {
        Home home = new Home(root);
        Path db = file(root.resolve("var/db/wfe.mv.db"), "rw-r--r--");
        Path log = file(root.resolve("var/log/stderr.log"), "rw-rw-r--");
        Path pw = file(root.resolve("etc/admin.password"), "rw-r--r--");
        Path key = file(root.resolve("etc/ssh/host_key"), "rw-r--r--");
        Path cfg = file(root.resolve("etc/org.wfe.agentcontroller.cfg"), "rw-r--r--");
        Path privateCfg = file(root.resolve("etc/org.wfe.drp.cfg"), "rw-------");
        Path config = file(root.resolve("etc/org.wfe.ssh.config"), "rw-rw-r--");
        Path stored = file(root.resolve("osgi/bundle7/data/config/org/wfe/agentcontroller.config"), "rw-r--r--");
        Files.setPosixFilePermissions(root.resolve("var/db"), PosixFilePermissions.fromString("rwxr-xr-x"));

        List<String> warnings = PrivateHome.tighten(home, root.resolve("osgi"));

        for (Path p : List.of(db, log, pw, key, stored)) {
            assertEquals("rw-------", mode(p), p.toString());
        }
        for (Path d : List.of(root.resolve("etc"), root.resolve("etc/ssh"), root.resolve("var"), root.resolve("var/db"),
                root.resolve("var/run"), root.resolve("deploy"), root.resolve("osgi"), root.resolve("osgi/bundle7/data"))) {
            assertEquals("rwx------", mode(d), d.toString());
        }
        assertEquals("rw-r--r--", mode(cfg), "the operator's file is reported, not changed");
        assertEquals("rw-------", mode(privateCfg));
        assertEquals("rw-rw-r--", mode(config));
        assertEquals(2, warnings.size(), warnings.toString());
        for (Path p : List.of(cfg, config)) {
            assertTrue(warnings.stream().anyMatch(w -> w.startsWith(p + " is readable by others") && w.contains("chmod 600 " + p)),
                    warnings.toString());
        }
    }

    @Test
    void doesNotFollowSymlinksOutOfTheHome(@TempDir Path dir) throws Exception {
        Path outside = file(dir.resolve("outside/shared.txt"), "rw-r--r--");
        Path root = dir.resolve("home");
        Files.createDirectories(root.resolve("var/log"));
        Files.createSymbolicLink(root.resolve("var/log/link"), outside);
        PrivateHome.tighten(new Home(root), null);
        assertEquals("rw-r--r--", mode(outside));
    }

    @Test
    void theMaskMakesNewFilesOwnerOnly(@TempDir Path dir) throws Exception {
        int old = Umask.set(0022);
        try {
            assertTrue(old >= 0, "umask(2) not reachable");
            assertEquals(0077, Umask.restrict(Umask.PRIVATE));
            Files.writeString(dir.resolve("new"), "x");
            Files.createDirectory(dir.resolve("sub"));
            assertEquals("rw-------", mode(dir.resolve("new")));
            assertEquals("rwx------", mode(dir.resolve("sub")));
            Umask.set(0277);
            assertEquals(0277, Umask.restrict(Umask.PRIVATE), "a stricter mask the operator chose stays");
        } finally {
            Umask.set(old);
        }
    }

    @Test
    void anOwnerOnlyFileIsCreatedPrivateAndAPlantedTmpSymlinkIsNotFollowed(@TempDir Path dir) throws Exception {
        int old = Umask.set(0022);
        try {
            Path leak = file(dir.resolve("leak"), "rw-r--r--");
            Path etc = Files.createDirectories(dir.resolve("etc"));
            Files.createSymbolicLink(etc.resolve("admin.password.tmp"), leak);
            Home.writeAtomically(etc.resolve("admin.password"), "s3cret\n", true);
            assertEquals("x", Files.readString(leak), "the secret went through the planted link");
            assertEquals("rw-r--r--", mode(leak));
            assertFalse(Files.isSymbolicLink(etc.resolve("admin.password")));
            assertEquals("rw-------", mode(etc.resolve("admin.password")));
            assertEquals("s3cret\n", Files.readString(etc.resolve("admin.password")));
        } finally {
            Umask.set(old);
        }
    }
}
