package org.wfe.bench;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a benchmark may use: the checkout, a scratch folder of its own, the JDK, the environment
 * (services.env variables such as WFE_TEST_PG_URL when PostgreSQL runs).
 */
public record BenchContext(Path checkout, Path scratch, Path javaHome, Map<String, String> env) {

    public Path runtimeJar() {
        return checkout.resolve("runtime/target/engine.jar");
    }
}
