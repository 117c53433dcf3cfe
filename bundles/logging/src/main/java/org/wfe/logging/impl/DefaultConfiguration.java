package org.wfe.logging.impl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;

/**
 * The engine's etc/logback.xml when the home has none yet (a new home, a plain {@code java -jar}, a benchmark's
 * container): written from this bundle's default, never over an operator's file, then read, so the engine
 * logs to its file from here on instead of Logback's fallback (everything at DEBUG on the console).
 */
final class DefaultConfiguration {

    static final String PROPERTY = "logback.configurationFile";

    private DefaultConfiguration() {
    }

    static void ensure() throws IOException, JoranException {
        String name = System.getProperty(PROPERTY);
        if (name == null || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // not the engine's runtime (a test container on slf4j-simple)
        }
        Path file = Path.of(name).toAbsolutePath();
        if (Files.exists(file)) {
            return;
        }
        Files.createDirectories(file.getParent());
        try (InputStream in = DefaultConfiguration.class.getResourceAsStream("logback.xml")) {
            Files.copy(in, file);
        }
        context.reset();
        JoranConfigurator c = new JoranConfigurator();
        c.setContext(context);
        c.doConfigure(file.toFile());
        LoggerFactory.getLogger(DefaultConfiguration.class).info("wrote the default {}", file);
    }
}
