import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * Licence notices for a distribution, run by cnf/scripts/dist.sh with the JDK's source launcher:
 * {@code java Licenses.java --m2 REPO --licenses OUT --notice OUT JAR...}. Lists every bundled jar (the
 * bundles inside a bnd-exported engine.jar one by one) with its licence, taken from the manifest's
 * Bundle-License, else from the Maven pom (embedded, or in the local repository, following parents), and
 * collects the NOTICE files the jars carry. Exit 3 when a jar's licence cannot be found: a distribution
 * must not ship a jar nobody checked.
 */
public final class Licenses {
    record Row(String jar, String name, String version, String licence, String source) {
    }

    private static final Pattern NOTICE = Pattern.compile("(?i)(^|.*/)NOTICE(\\.txt|\\.md)?$");
    private final Map<String, Path> poms = new HashMap<>();
    private final Path m2;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, List<String>> notices = new LinkedHashMap<>(); // text -> jars carrying it

    private Licenses(Path m2) throws IOException {
        this.m2 = m2;
        if (m2 != null && Files.isDirectory(m2)) {
            try (Stream<Path> s = Files.walk(m2)) {
                s.filter(p -> p.toString().endsWith(".pom")).forEach(p -> poms.putIfAbsent(p.getFileName().toString(), p));
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Path m2 = null, licOut = null, noticeOut = null;
        List<Path> jars = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--m2" -> m2 = Path.of(args[++i]);
                case "--licenses" -> licOut = Path.of(args[++i]);
                case "--notice" -> noticeOut = Path.of(args[++i]);
                default -> jars.add(Path.of(args[i]));
            }
        }
        if (licOut == null || noticeOut == null || jars.isEmpty()) {
            System.err.println("usage: java Licenses.java [--m2 REPO] --licenses OUT --notice OUT JAR...");
            System.exit(2);
        }
        Licenses l = new Licenses(m2);
        for (Path j : jars) {
            l.jar(j.getFileName().toString(), Files.readAllBytes(j));
        }
        l.write(licOut, noticeOut);
        List<Row> unknown = l.rows.stream().filter(r -> r.licence().isEmpty()).toList();
        if (!unknown.isEmpty()) {
            unknown.forEach(r -> System.err.println("licences: no licence found for " + r.jar()));
            System.exit(3);
        }
    }

    /** One jar: a bnd-exported runnable jar is only a wrapper, its bundles under jar/ are what ships. */
    private void jar(String fileName, byte[] bytes) throws IOException {
        Manifest mf = null;
        Map<String, byte[]> nested = new LinkedHashMap<>();
        String embeddedPom = null;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bytes))) {
            mf = in.getManifest();
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                String n = e.getName();
                if (n.startsWith("jar/") && n.endsWith(".jar")) {
                    nested.put(n.substring(4), in.readAllBytes());
                } else if (n.startsWith("META-INF/maven/") && n.endsWith("/pom.xml") && embeddedPom == null) {
                    embeddedPom = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } else if (NOTICE.matcher(n).matches() && !e.isDirectory()) {
                    notices.computeIfAbsent(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip(), k -> new ArrayList<>())
                            .add(fileName);
                }
            }
        }
        if (!nested.isEmpty()) {
            for (var n : nested.entrySet()) {
                jar(n.getKey(), n.getValue());
            }
            return;
        }
        Attributes a = mf == null ? new Attributes() : mf.getMainAttributes();
        String bsn = a.getValue("Bundle-SymbolicName");
        String name = bsn == null ? fileName.replaceFirst("-[0-9][^-]*(-SNAPSHOT)?\\.jar$", "") : bsn.replaceFirst(";.*", "");
        String version = a.getValue("Bundle-Version");
        if (version == null) {
            Matcher m = Pattern.compile("-([0-9][^/]*)\\.jar$").matcher(fileName);
            version = m.find() ? m.group(1) : "";
        }
        String header = a.getValue("Bundle-License");
        if (header != null && !header.isBlank()) {
            rows.add(new Row(fileName, name, version, bundleLicense(header), "Bundle-License"));
            return;
        }
        if (name.startsWith("org.wfe.")) { // the project's own plain jars (the agent) carry no header
            rows.add(new Row(fileName, name, version, "Apache-2.0", "this project"));
            return;
        }
        String lic = embeddedPom == null ? "" : pomLicence(embeddedPom, 0);
        if (!lic.isEmpty()) {
            rows.add(new Row(fileName, name, version, lic, "pom (in the jar)"));
            return;
        }
        Path pom = poms.get(fileName.replaceFirst("\\.jar$", ".pom"));
        lic = pom == null ? "" : pomLicence(Files.readString(pom), 0);
        rows.add(new Row(fileName, name, version, lic, lic.isEmpty() ? "" : "Maven pom"));
    }

    /** {@code Apache-2.0;link="..."} or a bare URL: the licence and where to read it. */
    static String bundleLicense(String header) {
        String first = header.strip();
        String id = first.replaceFirst(";.*", "").replace("\"", "").strip();
        Matcher link = Pattern.compile("link=\"?([^\";,]+)").matcher(first);
        return link.find() && !id.equals(link.group(1)) ? id + " (" + link.group(1) + ")" : id;
    }

    /** The licences of a pom, else of its parents in the local repository. */
    private String pomLicence(String pom, int depth) {
        Matcher block = Pattern.compile("(?s)<licenses>(.*?)</licenses>").matcher(pom);
        if (block.find()) {
            List<String> out = new ArrayList<>();
            Matcher lic = Pattern.compile("(?s)<license>(.*?)</license>").matcher(block.group(1));
            while (lic.find()) {
                String n = tag(lic.group(1), "name"), u = tag(lic.group(1), "url");
                out.add(n.isEmpty() ? u : u.isEmpty() ? n : n + " (" + u + ")");
            }
            if (!out.isEmpty()) {
                return String.join(" OR ", out);
            }
        }
        Matcher parent = Pattern.compile("(?s)<parent>(.*?)</parent>").matcher(pom);
        if (depth > 8 || m2 == null || !parent.find()) {
            return "";
        }
        String g = tag(parent.group(1), "groupId"), a = tag(parent.group(1), "artifactId"), v = tag(parent.group(1), "version");
        Path p = m2.resolve(g.replace('.', '/')).resolve(a).resolve(v).resolve(a + "-" + v + ".pom");
        try {
            return Files.isRegularFile(p) ? pomLicence(Files.readString(p), depth + 1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tag(String xml, String tag) {
        Matcher m = Pattern.compile("(?s)<" + tag + ">\\s*(.*?)\\s*</" + tag + ">").matcher(xml);
        return m.find() ? m.group(1).replaceAll("\\s+", " ") : "";
    }

    private void write(Path licOut, Path noticeOut) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("Every jar in this distribution and its licence (from the jar's Bundle-License header, else its Maven pom).\n");
        b.append("The workflow engine's own bundles (org.wfe.*) are licensed under the Apache License 2.0.\n");
        b.append("Notices the jars carry are collected in NOTICE.txt.\n\n");
        int w = rows.stream().mapToInt(r -> r.jar().length()).max().orElse(10);
        int vw = rows.stream().mapToInt(r -> r.version().length()).max().orElse(10);
        String f = "%-" + w + "s  %-" + vw + "s  %s%n";
        b.append(String.format(f, "jar", "version", "licence [source]"));
        for (Row r : rows.stream().sorted(java.util.Comparator.comparing(Row::jar)).toList()) {
            b.append(String.format(f, r.jar(), r.version(), (r.licence().isEmpty() ? "UNKNOWN" : r.licence()) + " [" + r.source() + "]"));
        }
        Files.writeString(licOut, b.toString());
        StringBuilder n = new StringBuilder("NOTICE files of the bundled jars, each followed by the jars that carry it.\n");
        for (var e : notices.entrySet()) {
            n.append("\n==== ").append(String.join(", ", e.getValue())).append(" ====\n").append(e.getKey()).append('\n');
        }
        Files.writeString(noticeOut, n.toString());
    }
}
