package org.wfe.console;

import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Debian Chromium driven by its chromedriver (paths from {@code WFE_TEST_CHROMIUM} and
 * {@code WFE_TEST_CHROMEDRIVER}, written by cnf/services/services.sh, else the Debian paths). Missing: the
 * browser tests fail in CI and are skipped elsewhere. The console's Basic auth goes in through CDP.
 */
final class Browser {
    private Browser() {
    }

    /** A browser that sends {@code authorization} on every request it makes, or, when null, only what a user types. */
    static ChromeDriver open(String authorization) {
        String chromium = locate("WFE_TEST_CHROMIUM", "/usr/bin/chromium");
        String driver = locate("WFE_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");
        if (chromium == null || driver == null) {
            String why = "no Chromium/chromedriver (WFE_TEST_CHROMIUM, WFE_TEST_CHROMEDRIVER; apt-get install chromium chromium-driver)";
            if (System.getenv("CI") != null) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary(chromium);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1100");
        ChromeDriverService svc = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).usingAnyFreePort().build();
        ChromeDriver d = new ChromeDriver(svc, o);
        if (authorization != null) {
            d.executeCdpCommand("Network.enable", Map.of());
            d.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", authorization)));
        }
        return d;
    }

    private static String locate(String env, String fallback) {
        String v = System.getenv(env);
        if (v != null && !v.isBlank() && Files.isExecutable(Path.of(v))) {
            return v;
        }
        return Files.isExecutable(Path.of(fallback)) ? fallback : null;
    }

    /** Kept as build output (target/screenshots) for people to look at. */
    static void screenshot(ChromeDriver d, String name) throws IOException {
        Path dir = Files.createDirectories(Path.of(System.getProperty("wfe.screenshots", "target/screenshots")));
        Files.copy(d.getScreenshotAs(OutputType.FILE).toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
