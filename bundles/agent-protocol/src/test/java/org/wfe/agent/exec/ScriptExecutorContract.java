package org.wfe.agent.exec;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.agent.protocol.ExecRequest;
import org.wfe.agent.protocol.ExecResult;
import org.wfe.agent.protocol.OutputLine;

/** What every launcher must give a script; run once per launcher by the subclasses. */
abstract class ScriptExecutorContract {

    abstract Launcher launcher();

    private final List<ScriptExecutor> executors = new CopyOnWriteArrayList<>();

    /** Stopped after the test: each one's folder thread keeps spare folders in {@code work}, which JUnit then deletes. */
    private ScriptExecutor executor() {
        ScriptExecutor ex = new ScriptExecutor(work, ExecLimits.DEFAULTS, launcher());
        executors.add(ex);
        return ex;
    }

    @TempDir
    Path work;

    @AfterEach
    void stopExecutors() {
        executors.forEach(ex -> ex.killAll("the test ends"));
    }

    final List<OutputLine> lines = new CopyOnWriteArrayList<>();

    private ExecResult run(String script, Map<String, Object> params, long maxMillis) throws Exception {
        ScriptExecutor ex = executor();
        return ex.start(new ExecRequest(UUID.randomUUID().toString(), script, params, maxMillis), lines::addAll)
                .result().get(30, TimeUnit.SECONDS);
    }

    @Test
    void paramsComeAsJsonOnStdinAndResultParamsFromTheResultFile() throws Exception {
        String evil = "x'; touch /tmp/pwned-$$; echo '";
        ExecResult r = run("""
                read -r json
                echo "got $json"
                echo "warn" >&2
                printf '{"answer": 42, "echo": %s}' "$json" > "$WFE_RESULT_FILE"
                """, Map.of("name", evil), 0);
        assertEquals(0, r.exitCode());
        assertTrue(r.stdout().contains("\"name\""), r.stdout());
        assertTrue(r.stdout().contains(evil), "the param arrives verbatim, not interpreted by the shell");
        assertEquals("warn\n", r.stderr());
        assertEquals(42, r.resultParams().get("answer"));
        assertEquals(Map.of("name", evil), r.resultParams().get("echo"));
        assertFalse(r.truncated());
        assertNull(r.ending());
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.size() == 2);
        assertTrue(lines.contains(new OutputLine(true, "warn")));
    }

    @Test
    void paramsBiggerThanOnePipeWriteStillArriveWhole() throws Exception {
        String big = "p".repeat(200_000); // far beyond the pipe's buffer: written by a thread while the script reads
        ExecResult r = run("wc -c", Map.of("big", big), 0);
        assertEquals(0, r.exitCode());
        assertEquals(String.valueOf(big.length() + "{\"big\":\"\"}".length()), r.stdout().strip());
    }

    @Test
    void eachRunGetsAFreshFolderThatGoesAwayWithItsLeftovers() throws Exception {
        ScriptExecutor ex = executor();
        String script = "pwd; ls -A; echo '{\"n\":1}' > \"$WFE_RESULT_FILE\"; mkdir sub; touch sub/x left";
        ExecResult first = ex.start(new ExecRequest("job-a", script, Map.of(), 0), l -> { }).result().get(30, TimeUnit.SECONDS);
        assertEquals(Map.of("n", 1), first.resultParams());
        Path firstFolder = Path.of(first.stdout().lines().findFirst().orElseThrow());
        assertTrue(firstFolder.startsWith(work.resolve("jobs")), firstFolder.toString());
        assertEquals(1, first.stdout().lines().count(), "the folder was empty: " + first.stdout());
        await().atMost(Duration.ofSeconds(5)).until(() -> !java.nio.file.Files.exists(firstFolder));
        // the same job again (a repeated request): a new, empty folder, so no stale result file either
        ExecResult again = ex.start(new ExecRequest("job-a", "pwd; ls -A", Map.of(), 0), l -> { }).result().get(30, TimeUnit.SECONDS);
        assertEquals(Map.of(), again.resultParams());
        Path second = Path.of(again.stdout().strip());
        assertFalse(second.equals(firstFolder));
        await().atMost(Duration.ofSeconds(5)).until(() -> !java.nio.file.Files.exists(second));
    }

    @Test
    void aScriptRunAgainReusesItsFileAndFoldersOfAnEarlierAgentRunAreRemoved() throws Exception {
        // what an agent killed with -9 left behind
        Path staleFolder = java.nio.file.Files.createDirectories(work.resolve("jobs").resolve("0old.1-7").resolve("sub"));
        Path staleScript = java.nio.file.Files.writeString(java.nio.file.Files.createDirectories(work.resolve("scripts")).resolve("0old.1-abc"), "x");
        ScriptExecutor ex = executor();
        ExecResult a = ex.start(new ExecRequest("job-1", "echo \"$0\"", Map.of(), 0), l -> { }).result().get(30, TimeUnit.SECONDS);
        ExecResult b = ex.start(new ExecRequest("job-2", "echo \"$0\"", Map.of(), 0), l -> { }).result().get(30, TimeUnit.SECONDS);
        Path file = Path.of(a.stdout().strip());
        assertEquals(a.stdout(), b.stdout(), "one file for one script");
        assertTrue(file.startsWith(work.resolve("scripts")), file.toString());
        assertTrue(java.nio.file.Files.exists(file), "kept for the next run");
        ExecResult other = ex.start(new ExecRequest("job-3", "echo \"$0\"; echo other", Map.of(), 0), l -> { }).result().get(30, TimeUnit.SECONDS);
        assertFalse(other.stdout().startsWith(a.stdout()), "another script, another file");
        await().atMost(Duration.ofSeconds(5)).until(() -> !java.nio.file.Files.exists(staleFolder.getParent())
                && !java.nio.file.Files.exists(staleScript));
    }

    @Test
    void anExecutorThatStopsLeavesNoFolderBehind() throws Exception {
        ScriptExecutor ex = executor();
        Path jobs = work.resolve("jobs");
        assertEquals(0, ex.start(new ExecRequest("job-1", "true", Map.of(), 0), l -> { }).result().get(30, TimeUnit.SECONDS).exitCode());
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            try (var s = java.nio.file.Files.list(jobs)) {
                return s.count() >= JobFolders.SPARE; // the spares are made in the background
            }
        });
        ex.killAll("stopping"); // an agent process ends right after: nothing may be left to a background thread
        try (var s = java.nio.file.Files.list(jobs)) {
            assertEquals(List.of(), s.toList());
        }
    }

    @Test
    void aSharedScriptFileRemovedBehindTheAgentsBackIsWrittenAgain() throws Exception {
        ScriptExecutor ex = executor();
        ExecResult a = ex.start(new ExecRequest("job-1", "echo \"$0\"", Map.of(), 0), l -> { }).result().get(30, TimeUnit.SECONDS);
        java.nio.file.Files.delete(Path.of(a.stdout().strip()));
        ExecResult b = ex.start(new ExecRequest("job-2", "echo \"$0\"", Map.of(), 0), l -> { }).result().get(30, TimeUnit.SECONDS);
        assertEquals(0, b.exitCode(), b.stderr());
        assertEquals(a.stdout(), b.stdout());
    }

    @Test
    void aScriptTooBigToShareIsWrittenIntoItsOwnFolder() throws Exception {
        String big = "# " + "x".repeat(ScriptFiles.MAX_CHARS) + "\necho \"$0\"\n";
        ExecResult r = run(big, Map.of(), 0);
        assertEquals(0, r.exitCode(), r.stderr());
        Path file = Path.of(r.stdout().strip());
        assertTrue(file.startsWith(work.resolve("jobs")), file.toString());
        assertEquals(ScriptExecutor.SCRIPT_FILE, file.getFileName().toString());
    }

    @Test
    void nonZeroExitCodeAndShebangInterpreter() throws Exception {
        ExecResult r = run("#!/bin/bash -e\necho \"$BASH_VERSION\" | grep -q . && echo bash\nexit 7\n", Map.of(), 0);
        assertEquals(7, r.exitCode());
        assertEquals("bash\n", r.stdout());
        assertFalse(r.succeeded());
    }

    @Test
    void bigOutputIsCappedAndFlaggedWhileTheScriptRunsToItsEnd() throws Exception {
        ExecResult r = run("head -c 10485760 /dev/zero | tr '\\0' 'a' | fold -w 100; echo done >&2", Map.of(), 0);
        assertEquals(0, r.exitCode());
        assertTrue(r.truncated());
        assertEquals(ExecLimits.DEFAULTS.captureChars(), r.stdout().length());
        assertEquals("done\n", r.stderr());
        long streamed = lines.stream().mapToLong(l -> l.text().length() + 1).sum();
        assertTrue(streamed < 2 * ExecLimits.DEFAULTS.streamBytes(), "streamed " + streamed);
        assertTrue(lines.stream().anyMatch(l -> l.text().contains("not streamed")));
    }

    @Test
    void badResultFileIsReportedNotIgnored() throws Exception {
        ExecResult r = run("echo '[1,2]' > \"$WFE_RESULT_FILE\"", Map.of(), 0);
        assertEquals(0, r.exitCode());
        assertTrue(r.error().contains("JSON object"), r.error());
        assertFalse(r.succeeded());
    }

    @Test
    void maxDurationKillsTheWholeProcessGroup() throws Exception {
        String marker = "9" + (System.nanoTime() % 100000) + ".5";
        ExecResult r = run("sleep " + marker + " & sleep " + marker + " & sleep " + marker + "\n", Map.of(), 500);
        assertEquals(ExecResult.TIMEOUT, r.ending());
        assertTrue(r.exitCode() != 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.allProcesses()
                .noneMatch(ph -> ph.info().commandLine().orElse("").contains("sleep " + marker)));
    }

    @Test
    void aSecondStartOfTheSameJobIsRefused() {
        ScriptExecutor ex = executor();
        ExecRequest req = new ExecRequest("job-1", "sleep 5", Map.of(), 0);
        RunningScript rs = ex.start(req, l -> { });
        try {
            assertThrows(IllegalStateException.class, () -> ex.start(req, l -> { }));
        } finally {
            rs.kill(ExecResult.KILLED, Duration.ZERO);
        }
        assertEquals(ExecResult.KILLED, rs.result().join().ending());
    }

    @Test
    void theScriptLeadsItsOwnSessionWithNoInheritedDescriptorsOrSignalState() throws Exception {
        // pid = session id = process group id; a program it runs has 0, 1, 2 open (and ls its own 3 on /proc/self/fd)
        ExecResult r = run("""
                echo "ids $$ $(ps -o sid= -p $$ | tr -d ' ') $(ps -o pgid= -p $$ | tr -d ' ')"
                echo "fds $(ls /proc/self/fd | tr '\\n' ' ')"
                grep -E '^Sig(Blk|Ign)' /proc/self/status
                """, Map.of(), 0);
        assertEquals(0, r.exitCode(), r.stderr());
        String[] ids = line(r, "ids ").split(" ");
        assertEquals(ids[0], ids[1], "session id: " + r.stdout());
        assertEquals(ids[0], ids[2], "process group id: " + r.stdout());
        assertEquals("0 1 2 3", line(r, "fds ").strip(), r.stdout());
        // the JVM blocks or ignores some standard signals (1-31) for itself: the script must not inherit that
        assertEquals(0, Long.parseLong(line(r, "SigBlk:").strip(), 16) & 0xffffffffL, r.stdout());
        assertEquals(0, Long.parseLong(line(r, "SigIgn:").strip(), 16) & 0x7fffffffL, r.stdout());
    }

    private static String line(ExecResult r, String prefix) {
        return r.stdout().lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
    }

    @Test
    void aMissingInterpreterIsAClearErrorNotAHang() throws Exception {
        ExecResult r = run("#!/no/such/interpreter\necho never\n", Map.of(), 0);
        assertFalse(r.succeeded());
        String said = r.error() == null ? r.stderr() : r.error() + r.stderr();
        assertTrue(said.contains("/no/such/interpreter") || said.contains("No such file"), said);
    }

    @Test
    void manyScriptsAtOnceDoNotStallEachOther() throws Exception {
        ScriptExecutor ex = executor();
        List<java.util.concurrent.CompletableFuture<ExecResult>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 32; i++) {
            // each holds both pipes open while it waits for its stdin: readers block in native reads meanwhile
            all.add(ex.start(new ExecRequest("many-" + i, "read -r p; echo \"$p\"; sleep 0.2", Map.of("i", i), 0), l -> { }).result());
        }
        for (int i = 0; i < all.size(); i++) {
            ExecResult r = all.get(i).get(30, TimeUnit.SECONDS);
            assertEquals(0, r.exitCode(), r.stderr());
            assertEquals("{\"i\":" + i + "}\n", r.stdout());
        }
    }
}
