package org.wfe.logging.impl;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;

/**
 * The engine's etc/logback.xml when the home has none yet (a new home, a plain {@code java -jar}, a benchmark's
 * container): written from this bundle's default, never over an operator's file, then read, so the engine
 * logs to its file from here on instead of Logback's fallback (everything at DEBUG on the console). An
 * operator's file that configures nothing (broken XML) gets the default in its place, with an ERROR saying so.
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
            if (!context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()) {
                // the operator's file did not configure (bad XML, a typo in a class name): the engine still logs
                configure(context, DefaultConfiguration.class.getResource("logback.xml"));
                LoggerFactory.getLogger(DefaultConfiguration.class).error("{} did not configure logging (Logback's"
                        + " reasons are in var/log/stdout.log): the default is used until it is fixed and the engine"
                        + " restarted", file);
            }
            return;
        }
        Files.createDirectories(file.getParent());
        try (InputStream in = DefaultConfiguration.class.getResourceAsStream("logback.xml")) {
            Files.copy(in, file);
        }
        configure(context, file.toUri().toURL());
        LoggerFactory.getLogger(DefaultConfiguration.class).info("wrote the default {}", file);
    }

    private static void configure(LoggerContext context, URL config) throws JoranException {
        context.reset();
        JoranConfigurator c = new JoranConfigurator();
        c.setContext(context);
        c.doConfigure(config);
    }
}
