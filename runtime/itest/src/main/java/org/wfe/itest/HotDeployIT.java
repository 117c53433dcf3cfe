package org.wfe.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.wfe.api.action.ActionManager;
import org.wfe.api.action.ActionNotFoundException;
import org.wfe.api.action.TaskletInfo;
import org.wfe.api.job.ExecutionParams;

/**
 * Bundles dropped into deploy/ (FileInstall) become active and their tasklets matchable; removed, they
 * stop matching. Broken tasklet bundles are reported by bundle name while the rest keeps working.
 */
class HotDeployIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 30_000)
    ActionManager actions;

    @Test
    void aTaskletBundleDroppedIntoDeployIsMatchableAndStopsMatchingWhenRemoved() throws Exception {
        Fixtures.uninstall(context, Fixtures.HELLO);
        Path deploy = Path.of(context.getProperty("felix.fileinstall.dir"));
        Files.createDirectories(deploy);
        Path dropped = deploy.resolve("hello.jar");
        Files.copy(Fixtures.jar(context, Fixtures.HELLO), dropped, StandardCopyOption.REPLACE_EXISTING);
        Fixtures.awaitActive(context, Fixtures.HELLO);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> "hello x".equals(
                actions.startActorAction("hello", "greet", new HashMap<>(Map.of("name", "x")), ExecutionParams.defaults(), null).result()));
        Files.delete(dropped);
        await().atMost(Duration.ofSeconds(30)).until(() -> Fixtures.find(context, Fixtures.HELLO).isEmpty());
        assertThrows(ActionNotFoundException.class,
                () -> actions.startActorAction("hello", "greet", new HashMap<>(), ExecutionParams.defaults(), null));
    }

    @Test
    void brokenTaskletBundlesAreReportedByNameAndOthersKeepWorking() throws Exception {
        List<String> broken = List.of("org.wfe.test.broken.activate", "org.wfe.test.broken.notags",
                "org.wfe.test.broken.types", "org.wfe.test.broken.duplicate");
        for (String b : broken) {
            Fixtures.install(context, b);
        }
        Fixtures.install(context, Fixtures.HELLO);
        await().atMost(Duration.ofSeconds(30)).until(() -> broken.stream().allMatch(bsn -> actions.tasklets().stream()
                .anyMatch(t -> t.broken() && t.bundle().startsWith(bsn))));
        for (TaskletInfo t : actions.tasklets()) {
            if (t.broken()) {
                assertTrue(t.problem() != null && !t.problem().isBlank(), "a broken tasklet must say why: " + t);
            }
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> "hello y".equals(
                actions.startActorAction("hello", "greet", new HashMap<>(Map.of("name", "y")), ExecutionParams.defaults(), null).result()));
        for (String b : broken) {
            Fixtures.uninstall(context, b);
        }
        assertEquals(0, actions.tasklets().stream().filter(t -> broken.stream().anyMatch(bsn -> t.bundle().startsWith(bsn))).count(),
                "uninstalled bundles must leave the tasklet list");
    }
}
