package org.wfe.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.test.common.annotation.InjectBundleContext;

/** The assembled bundle set starts cleanly and the engine bundle prepared its home. */
class EngineRuntimeIT {

    @InjectBundleContext
    BundleContext context;

    @Test
    void everyBundleIsActive() {
        List<String> notActive = Arrays.stream(context.getBundles())
                .filter(b -> b.getHeaders().get(Constants.FRAGMENT_HOST) == null && b.getState() != Bundle.ACTIVE)
                .map(b -> b.getSymbolicName() + " state " + b.getState())
                .toList();
        assertEquals(List.of(), notActive);
    }

    @Test
    void theApiIsExportedAtItsVersions() {
        Bundle api = Arrays.stream(context.getBundles()).filter(b -> "org.wfe.api".equals(b.getSymbolicName())).findFirst().orElseThrow();
        String exports = api.getHeaders().get(Constants.EXPORT_PACKAGE);
        // job is at 1.6.0 (createRunningJob in 1.1, doneAsync in 1.2, startedBy/killedBy and LogText in 1.3, search
        // in 1.4, JobRecovery in 1.5, the attempt in 1.6); agent 1.3.0 (acceptance in 1.1, selectors and facts in 1.2,
        // fan-out from the API in 1.3); action 1.1.0 (EngineAtCapacityException, ActionLoad); drp 1.3.0 (CommitListener
        // in 1.1, StoreSignals and cluster nodes in 1.2, kill requests across nodes in 1.3); tasklet 1.1.0 (execution
        // params); text (KeyValues, Durations: the operator's key=value and duration rule), health and retention
        // (issue 20) new in 1.0.0; user as first released; schedule (issue 19) new in 1.0.0
        Map<String, String> versions = Map.ofEntries(Map.entry("org.wfe.api.job", "1.7.0"), Map.entry("org.wfe.api.drp", "1.3.0"),
                Map.entry("org.wfe.api.action", "1.1.0"), Map.entry("org.wfe.api.tasklet", "1.2.0"),
                Map.entry("org.wfe.api.agent", "1.4.0"), Map.entry("org.wfe.api.user", "1.0.0"), Map.entry("org.wfe.api.text", "1.0.0"),
                Map.entry("org.wfe.api.health", "1.0.0"), Map.entry("org.wfe.api.retention", "1.0.0"),
                Map.entry("org.wfe.api.schedule", "1.0.0"));
        versions.forEach((p, v) -> assertTrue(exports.contains(p + ";version=\"" + v + "\""), p + " not exported at " + v + ": " + exports));
    }

    @Test
    void adminPasswordIsGeneratedOwnerOnly() throws Exception {
        Path pw = Path.of(context.getProperty("wfe.home"), "etc/admin.password");
        assertTrue(Files.size(pw) > 16, "password file too small");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(pw));
    }
}
