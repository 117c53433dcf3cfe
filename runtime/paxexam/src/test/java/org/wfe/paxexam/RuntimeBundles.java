package org.wfe.paxexam;

import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ops4j.pax.exam.Option;

/**
 * The bundle list of the assembled runtime, read from the exported {@code runtime/target/engine.jar}
 * (its {@code launcher.properties}), so this suite always tests exactly what {@code ./wfe start} runs.
 */
final class RuntimeBundles {

    static Path checkout() {
        return Path.of(System.getProperty("wfe.checkout", "../..")).toAbsolutePath().normalize();
    }

    /** Extracts the runtime's bundles to {@code work} and returns them as Pax Exam options with start levels. */
    static List<Option> options(Path work) {
        Path engineJar = checkout().resolve("runtime/target/engine.jar");
        try (JarFile jar = new JarFile(engineJar.toFile())) {
            Properties launch = new Properties();
            try (InputStream in = jar.getInputStream(jar.getEntry("launcher.properties"))) {
                launch.load(in);
            }
            Map<String, Integer> levels = startLevels(launch.getProperty("launch.runbundles.attrs", ""));
            Files.createDirectories(work);
            List<Option> options = new ArrayList<>();
            for (String entry : launch.getProperty("launch.bundles").split(",")) {
                Path target = work.resolve(Path.of(entry).getFileName());
                try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                String bsn = symbolicName(target);
                options.add(bundle(target.toUri().toString()).startLevel(levels.getOrDefault(bsn, 10)).start());
            }
            return options;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the runtime's bundles from " + engineJar + " (build runtime first)", e);
        }
    }

    private static Map<String, Integer> startLevels(String attrs) {
        Map<String, Integer> m = new HashMap<>();
        Matcher x = Pattern.compile("([\\w.\\-]+);version=\"[^\"]*\";startlevel=(\\d+)").matcher(attrs);
        while (x.find()) {
            m.put(x.group(1), Integer.parseInt(x.group(2)));
        }
        return m;
    }

    private static String symbolicName(Path bundle) throws IOException {
        try (JarFile j = new JarFile(bundle.toFile())) {
            String bsn = j.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
            return bsn == null ? "" : bsn.split(";")[0].trim();
        }
    }

    private RuntimeBundles() {
    }
}
