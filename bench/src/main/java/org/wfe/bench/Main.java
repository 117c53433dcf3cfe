package org.wfe.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./wfe bench [NAME...]}: runs the named benchmarks (all when none), prints one table and writes
 * {@code docs/benchmarks.md}. Arguments: {@code --list}, {@code --no-doc}.
 */
public final class Main {

    /** Every benchmark, in the order {@code ./wfe bench} runs them. */
    static final List<String> BENCHMARKS = List.of(
            "org.wfe.bench.startup.StartupBenchmark",
            "org.wfe.bench.drp.DrpBenchmark",
            "org.wfe.bench.ssh.SshBenchmark",
            "org.wfe.bench.actions.ActionBenchmark",
            "org.wfe.bench.actions.SpinBenchmark",
            "org.wfe.bench.agents.AgentBenchmark",
            "org.wfe.bench.agents.SwarmBenchmark",
            "org.wfe.bench.jobs.JobMemoryBenchmark",
            "org.wfe.bench.retention.RetentionBenchmark",
            "org.wfe.bench.search.SearchBenchmark",
            "org.wfe.bench.peers.PeersBenchmark",
            "org.wfe.bench.schedules.ScheduleBenchmark");

    public static void main(String[] args) throws Exception {
        Map<String, Benchmark> all = new LinkedHashMap<>();
        for (String cn : BENCHMARKS) {
            try {
                Benchmark b = (Benchmark) Class.forName(cn).getDeclaredConstructor().newInstance();
                all.put(b.name(), b);
            } catch (ClassNotFoundException e) {
                // a benchmark whose area is not built yet: skip it
            }
        }
        List<String> names = new ArrayList<>();
        boolean writeDoc = true;
        for (String a : args) {
            switch (a) {
                case "--list" -> {
                    all.values().forEach(b -> System.out.printf("%-12s %s%n", b.name(), b.description()));
                    return;
                }
                case "--no-doc" -> writeDoc = false;
                default -> {
                    if (!all.containsKey(a)) {
                        System.err.println("unknown benchmark '" + a + "'; known: " + String.join(", ", all.keySet()));
                        System.exit(2);
                    }
                    names.add(a);
                }
            }
        }
        if (names.isEmpty()) {
            names.addAll(all.keySet());
        }
        Path checkout = Path.of(System.getProperty("wfe.checkout", ".")).toAbsolutePath().normalize();
        Path scratch = Files.createTempDirectory("wfe-bench");
        BenchContext ctx = new BenchContext(checkout, scratch, Path.of(System.getProperty("java.home")), System.getenv());
        Map<String, List<Figure>> results = new LinkedHashMap<>();
        boolean failed = false;
        for (String n : names) {
            Benchmark b = all.get(n);
            System.err.println("== " + n + ": " + b.description());
            try {
                results.put(n, b.run(ctx));
            } catch (Exception e) {
                failed = true;
                System.err.println("benchmark " + n + " failed: " + e);
                e.printStackTrace();
                results.put(n, List.of(new Figure(n + " FAILED", Double.NaN, Double.NaN, "", true, e.toString())));
            }
        }
        String table = Table.render(results);
        System.out.println(table);
        if (writeDoc && names.size() == all.size()) {
            writeDoc(checkout.resolve("docs/benchmarks.md"), table);
        }
        System.exit(failed ? 1 : 0);
    }

    private static void writeDoc(Path doc, String table) throws IOException {
        Files.createDirectories(doc.getParent());
        String machine = String.format(Locale.ROOT, "%s, %d cores, %d MiB max heap for the harness, Java %s (%s), %s %s",
                InetAddress.getLocalHost().getHostName(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"),
                System.getProperty("java.vendor"), System.getProperty("os.name"), System.getProperty("os.arch"));
        String text = "# Benchmarks\n\nWritten by `./wfe bench` on " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)
                + ".\n\nMachine: " + machine + ".\n\nEach figure stands next to the ceiling measured in the same run with the bare"
                + " parts; ratio 1.0 means as fast as the bare parts (for times: ceiling / value).\n\n```\n" + table + "```\n\n"
                + "What limits the agent figures, step by step: [agent-latency.md](agent-latency.md).\n" + sections(doc);
        Files.writeString(doc, text);
        System.err.println("wrote " + doc);
    }

    /**
     * The doc's own sections ({@code ## …} to the end: the search and retention reports, written by hand from
     * their benchmarks' output), kept when the table above them is written anew.
     */
    static String sections(Path doc) throws IOException {
        if (!Files.exists(doc)) {
            return "";
        }
        String old = Files.readString(doc);
        int at = old.startsWith("## ") ? 0 : old.indexOf("\n## ");
        return at < 0 ? "" : "\n" + old.substring(at == 0 ? 0 : at + 1);
    }

    private Main() {
    }
}
