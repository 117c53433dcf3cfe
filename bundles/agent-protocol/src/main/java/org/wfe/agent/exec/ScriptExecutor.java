package org.wfe.agent.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.wfe.agent.protocol.ExecRequest;
import org.wfe.agent.protocol.ExecResult;
import org.wfe.agent.protocol.OutputLine;

/**
 * Starts scripts: each in its own fresh folder under {@code workDir/jobs} (its working directory, removed
 * with whatever it holds once the script ended) and its own session (so its process group can be killed as
 * a whole), interpreter from its shebang line or {@code /bin/sh}. The script file itself is shared by
 * content ({@link ScriptFiles}). Params are handed over as JSON on stdin, never as shell text.
 */
public final class ScriptExecutor {

    public static final String RESULT_FILE_ENV = "WFE_RESULT_FILE";
    public static final String JOB_ENV = "WFE_JOB_GUID";
    static final String SCRIPT_FILE = "script";
    static final String RESULT_FILE = "result.json";

    /** The agent's own environment, read once: a script's is this plus its job's two variables. */
    private static final Map<String, String> BASE_ENV = Map.copyOf(System.getenv());

    private final ExecLimits limits;
    private final Launcher launcher;
    private final JobFolders folders;
    private final ScriptFiles scripts;
    private final Map<String, RunningScript> running = new ConcurrentHashMap<>();
    /** Max-duration timers: cancelled (and removed) when a script ends, so a long limit holds nothing. */
    private final java.util.concurrent.ScheduledThreadPoolExecutor timers;

    public ScriptExecutor(Path workDir, ExecLimits limits) {
        this(workDir, limits, Launcher.best());
    }

    ScriptExecutor(Path workDir, ExecLimits limits, Launcher launcher) {
        this.launcher = launcher;
        this.limits = limits;
        String incarnation = Incarnations.next();
        this.folders = new JobFolders(workDir.resolve("jobs"), incarnation);
        this.scripts = new ScriptFiles(workDir.resolve("scripts"), incarnation);
        this.timers = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                r -> Thread.ofPlatform().name("wfe-script-timers").daemon().unstarted(r));
        timers.setRemoveOnCancelPolicy(true);
    }

    /**
     * Starts the script; {@code output} receives batches of lines as they come (on the executor's threads).
     * A script that cannot start still gives a result (exit code -1 and the reason in {@code error}).
     *
     * @throws IllegalStateException when a script of the same job is already running here
     */
    public RunningScript start(ExecRequest req, Consumer<List<OutputLine>> output) {
        RunningScript rs = register(req, output);
        launch(rs, req);
        return rs;
    }

    private RunningScript register(ExecRequest req, Consumer<List<OutputLine>> output) {
        RunningScript rs = new RunningScript(req, limits, output, timers, () -> running.remove(req.job()), folders::release);
        if (running.putIfAbsent(req.job(), rs) != null) {
            throw new IllegalStateException("job " + req.job() + " is already running on this agent");
        }
        return rs;
    }

    private void launch(RunningScript rs, ExecRequest req) {
        Path dir = null;
        try {
            dir = folders.take();
            rs.folder(dir);
            Path resultFile = dir.resolve(RESULT_FILE);
            Path script = scripts.fileFor(req.script(), dir);
            Map<String, String> env = new HashMap<>(BASE_ENV);
            env.put(RESULT_FILE_ENV, resultFile.toString());
            env.put(JOB_ENV, req.job());
            rs.start(launcher, command(req.script(), script), dir, env, resultFile);
        } catch (IOException | RuntimeException e) {
            rs.failedToStart("could not start the script: " + e.getMessage());
        }
    }

    /** How scripts are started here ({@code posix_spawn}, or the JDK's launcher behind {@code setsid}). */
    public String launcher() {
        return launcher.name();
    }

    /** The running script of {@code job} on this executor, or null. */
    public RunningScript running(String job) {
        return running.get(job);
    }

    public List<String> runningJobs() {
        return new ArrayList<>(running.keySet());
    }

    /** Kills every running script (the agent stops). */
    public void killAll(String reason) {
        running.values().forEach(r -> r.kill(reason, limits.killGrace()));
        timers.shutdown();
        folders.close();
    }

    /** {@code INTERPRETER [ARG] SCRIPT}: the shebang's interpreter (and its one optional argument, as the kernel reads it). */
    static List<String> command(String content, Path script) {
        List<String> cmd = new ArrayList<>();
        String first = content.lines().findFirst().orElse("");
        if (first.startsWith("#!") && !first.substring(2).isBlank()) {
            String rest = first.substring(2).strip();
            int sp = indexOfSpace(rest);
            cmd.add(sp < 0 ? rest : rest.substring(0, sp));
            if (sp >= 0 && !rest.substring(sp).isBlank()) {
                cmd.add(rest.substring(sp).strip());
            }
        } else {
            cmd.add("/bin/sh");
        }
        cmd.add(script.toString());
        return cmd;
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }

    /** The result of a job that never ran (kept here so the daemon can answer in the same shape). */
    public static ExecResult notStarted(String job, String error) {
        return new ExecResult(job, -1, "", "", false, Map.of(), 0, null, error);
    }
}
