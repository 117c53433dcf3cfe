package org.wfe.agent.exec;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The C library's {@code posix_spawn} through the FFM API: the script's interpreter is the only program
 * started (the JDK starts its {@code jspawnhelper} first, and a session needs {@code setsid} on top), and
 * {@code POSIX_SPAWN_SETSID} makes it a session and process-group leader. Its pipes are reopened through
 * {@code /proc/self/fd} as plain Java streams; the caller waits for the exit and reaps it on a platform
 * thread, as the JDK's own process reaper does.
 */
final class PosixSpawn implements Launcher {

    /** glibc's {@code <spawn.h>} flags. */
    private static final short SETSIGDEF = 0x04;
    private static final short SETSIGMASK = 0x08;
    private static final short SETSID = 0x80;
    private static final int O_CLOEXEC = 0x80000;
    private static final int EINTR = 4;
    /** Room for glibc's posix_spawnattr_t (336 bytes), posix_spawn_file_actions_t (80) and sigset_t (128). */
    private static final long ATTR_BYTES = 1024;
    private static final long ACTIONS_BYTES = 256;
    private static final long SIGSET_BYTES = 256;

    private static final Natives N = Natives.load();
    static final boolean AVAILABLE = N != null && Files.isDirectory(Path.of("/proc/self/fd"));

    @Override
    public String name() {
        return "posix_spawn";
    }

    @Override
    public Launched launch(List<String> command, Path dir, Map<String, String> env) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            int[] in = pipe(arena);
            int[] out = pipeOrClose(arena, in);
            int[] err = pipeOrClose(arena, in, out);
            OutputStream stdin = null;
            InputStream stdout = null;
            InputStream stderr = null;
            try {
                // opened while both ends are ours: reopening a pipe is a FIFO open, which waits for the other end
                stdin = new FileOutputStream(fdPath(in[1]));
                stdout = new FileInputStream(fdPath(out[0]));
                stderr = new FileInputStream(fdPath(err[0]));
                int pid = spawn(arena, command, dir, env, in[0], out[1], err[1]);
                return new Spawned(pid, stdin, stdout, stderr);
            } catch (IOException | RuntimeException e) {
                closeQuietly(stdin, stdout, stderr);
                throw e;
            } finally {
                closeAll(in[0], in[1], out[0], out[1], err[0], err[1]); // the child has its copies, we have our streams
            }
        }
    }

    private static void closeQuietly(java.io.Closeable... streams) {
        for (java.io.Closeable c : streams) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (IOException e) {
                // closing is all we want
            }
        }
    }

    private static int spawn(Arena arena, List<String> command, Path dir, Map<String, String> env, int stdin, int stdout,
            int stderr) throws IOException {
        MemorySegment actions = arena.allocate(ACTIONS_BYTES, 16);
        MemorySegment attr = arena.allocate(ATTR_BYTES, 16);
        try {
            call("posix_spawn_file_actions_init", (int) N.actionsInit.invokeExact(actions));
            try {
                call("posix_spawnattr_init", (int) N.attrInit.invokeExact(attr));
                try {
                    return spawn(arena, actions, attr, command, dir, env, stdin, stdout, stderr);
                } finally {
                    int ignored = (int) N.attrDestroy.invokeExact(attr);
                }
            } finally {
                int ignored = (int) N.actionsDestroy.invokeExact(actions);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) { // invokeExact declares Throwable; the C functions throw nothing
            throw new IllegalStateException(t);
        }
    }

    private static int spawn(Arena arena, MemorySegment actions, MemorySegment attr, List<String> command, Path dir,
            Map<String, String> env, int stdin, int stdout, int stderr) throws Throwable {
        call("adddup2", (int) N.addDup2.invokeExact(actions, stdin, 0));
        call("adddup2", (int) N.addDup2.invokeExact(actions, stdout, 1));
        call("adddup2", (int) N.addDup2.invokeExact(actions, stderr, 2));
        call("addchdir_np", (int) N.addChdir.invokeExact(actions, arena.allocateFrom(dir.toString())));
        // whatever the JVM has open (sockets, jars, the store) is none of the script's business
        call("addclosefrom_np", (int) N.addClosefrom.invokeExact(actions, 3));
        // the JVM blocks and handles signals of its own: the script starts with none blocked, all default
        MemorySegment none = arena.allocate(SIGSET_BYTES, 8);
        MemorySegment all = arena.allocate(SIGSET_BYTES, 8);
        call("sigemptyset", (int) N.sigemptyset.invokeExact(none));
        call("sigfillset", (int) N.sigfillset.invokeExact(all));
        call("setsigmask", (int) N.setSigmask.invokeExact(attr, none));
        call("setsigdefault", (int) N.setSigdefault.invokeExact(attr, all));
        call("setflags", (int) N.setFlags.invokeExact(attr, (short) (SETSID | SETSIGMASK | SETSIGDEF)));
        MemorySegment pid = arena.allocate(JAVA_INT);
        MemorySegment envp = strings(arena, env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        int rc = (int) N.spawn.invokeExact(pid, arena.allocateFrom(command.getFirst()), actions, attr, strings(arena, command), envp);
        if (rc != 0) {
            throw new IOException("cannot run " + command.getFirst() + ": " + strerror(rc));
        }
        return pid.get(JAVA_INT, 0);
    }

    private static void call(String what, int rc) throws IOException {
        if (rc != 0) {
            throw new IOException(what + " failed: " + strerror(rc));
        }
    }

    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    private static int[] pipe(Arena arena) throws IOException {
        MemorySegment fds = arena.allocate(JAVA_INT, 2);
        int rc;
        try {
            rc = (int) N.pipe2.invokeExact(fds, O_CLOEXEC);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (rc != 0) {
            throw new IOException("cannot create a pipe for the script (too many open files?)");
        }
        return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
    }

    private static int[] pipeOrClose(Arena arena, int[]... opened) throws IOException {
        try {
            return pipe(arena);
        } catch (IOException e) {
            for (int[] p : opened) {
                closeAll(p);
            }
            throw e;
        }
    }

    private static String fdPath(int fd) {
        return "/proc/self/fd/" + fd;
    }

    private static void closeAll(int... fds) {
        for (int fd : fds) {
            try {
                int ignored = (int) N.close.invokeExact(fd);
            } catch (Throwable t) {
                // close(2) does not throw; a failed close leaves nothing to do
            }
        }
    }

    /** The exit code the way the JDK reports it: the status, or 128 + the signal that ended the process. */
    private static int waitFor(int pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            MemorySegment state = arena.allocate(Natives.CALL_STATE);
            while (true) {
                int rc = (int) N.waitpid.invokeExact(state, pid, status, 0);
                if (rc == pid) {
                    int s = status.get(JAVA_INT, 0);
                    return (s & 0x7f) == 0 ? (s >> 8) & 0xff : 0x80 + (s & 0x7f);
                }
                if ((int) Natives.ERRNO.get(state, 0L) != EINTR) {
                    return -1; // reaped by someone else: nothing more to learn
                }
            }
        } catch (Throwable t) {
            return -1;
        }
    }

    /** Sends {@code signal} to every process of group {@code pgid}; false when there is none. */
    static boolean killGroup(long pgid, int signal) {
        try {
            return (int) N.kill.invokeExact((int) -pgid, signal) == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    private static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) N.strerror.invokeExact(errno);
            return s.reinterpret(256).getString(0) + " (errno " + errno + ")";
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private record Spawned(int id, OutputStream stdin, InputStream stdout, InputStream stderr) implements Launched {

        @Override
        public long pid() {
            return id;
        }

        @Override
        public long pgid() {
            return id;
        }

        @Override
        public int waitFor() {
            return PosixSpawn.waitFor(id);
        }
    }

    /** The C functions, looked up once; null where one is missing (musl, macOS, old glibc). */
    private record Natives(MethodHandle pipe2, MethodHandle close, MethodHandle actionsInit, MethodHandle actionsDestroy,
            MethodHandle addDup2, MethodHandle addChdir, MethodHandle addClosefrom, MethodHandle attrInit, MethodHandle attrDestroy,
            MethodHandle setFlags, MethodHandle setSigmask, MethodHandle setSigdefault, MethodHandle sigemptyset,
            MethodHandle sigfillset, MethodHandle spawn, MethodHandle waitpid, MethodHandle kill, MethodHandle strerror) {

        static final java.lang.foreign.StructLayout CALL_STATE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = CALL_STATE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

        static Natives load() {
            try {
                Linker l = Linker.nativeLinker();
                SymbolLookup c = l.defaultLookup();
                FunctionDescriptor intPtr = FunctionDescriptor.of(JAVA_INT, ADDRESS);
                return new Natives(
                        h(l, c, "pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)),
                        h(l, c, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT)),
                        h(l, c, "posix_spawn_file_actions_init", intPtr),
                        h(l, c, "posix_spawn_file_actions_destroy", intPtr),
                        h(l, c, "posix_spawn_file_actions_adddup2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT)),
                        h(l, c, "posix_spawn_file_actions_addchdir_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS)),
                        h(l, c, "posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)),
                        h(l, c, "posix_spawnattr_init", intPtr),
                        h(l, c, "posix_spawnattr_destroy", intPtr),
                        h(l, c, "posix_spawnattr_setflags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT)),
                        h(l, c, "posix_spawnattr_setsigmask", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS)),
                        h(l, c, "posix_spawnattr_setsigdefault", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS)),
                        h(l, c, "sigemptyset", intPtr),
                        h(l, c, "sigfillset", intPtr),
                        h(l, c, "posix_spawn", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS)),
                        l.downcallHandle(c.find("waitpid").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT),
                                Linker.Option.captureCallState("errno")),
                        h(l, c, "kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT)),
                        h(l, c, "strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT)));
            } catch (RuntimeException | LinkageError e) {
                return null; // no such function here (or native access denied): the JDK's launcher it is
            }
        }

        private static MethodHandle h(Linker l, SymbolLookup c, String name, FunctionDescriptor d) {
            return l.downcallHandle(c.find(name).orElseThrow(), d);
        }
    }
}
