package org.wfe.shell.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * {@code help wfe} (HelpCommands.SUMMARY) names every wfe:* function this bundle registers: the DS
 * descriptors bnd wrote, and the functions UserCommands registers itself. WfeLauncherTest checks the
 * same against a running engine's live list, commands of other bundles included.
 */
class HelpCommandsTest {

    private static final Pattern FUNCTION = Pattern.compile("name=\"osgi.command.function\"[^>]*?(?:value=\"([^\"]*)\"\\s*/>|>([^<]*)<)");

    @Test
    void helpWfeNamesEveryRegisteredFunction() throws IOException {
        Set<String> functions = new TreeSet<>(List.of("user-add", "user-passwd", "user-role", "user-remove"));
        try (Stream<Path> xml = Files.list(Path.of("target/classes/OSGI-INF"))) {
            for (Path p : xml.filter(x -> x.toString().endsWith(".xml")).toList()) {
                String s = Files.readString(p);
                if (!s.contains("osgi.command.scope") || !s.contains(">wfe<") && !s.contains("value=\"wfe\"")) {
                    continue;
                }
                Matcher m = FUNCTION.matcher(s);
                while (m.find()) {
                    String v = m.group(1) != null ? m.group(1) : m.group(2);
                    v.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(functions::add);
                }
            }
        }
        assertTrue(functions.size() >= 22, functions.toString());
        for (String f : functions) {
            assertTrue(HelpCommands.SUMMARY.contains("\n   wfe:" + f + " "), "help wfe misses wfe:" + f + ":\n" + HelpCommands.SUMMARY);
        }
        // and lists nothing that is not there
        Matcher listed = Pattern.compile("\n   wfe:([\\w-]+) ").matcher(HelpCommands.SUMMARY);
        Set<String> named = new TreeSet<>();
        while (listed.find()) {
            named.add(listed.group(1));
        }
        assertEquals(functions, named);
    }

    @Test
    void theLiveListTakesTheFirstLineOfTheSameText() {
        assertEquals(JobCommands.HELP_JOBS, HelpCommands.describe(new JobCommands(), "jobs", null));
        assertEquals("from the property", HelpCommands.describe(new Object(), "x", "from the property"));
    }
}
