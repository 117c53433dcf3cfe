package org.wfe.tasklet.engine.impl;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * A thread's OS scheduling priority (Linux's nice, which is per thread there). The JDK cannot set it (Java
 * thread priorities are ignored by HotSpot on Linux unless the JVM runs as root), so the engine calls libc's
 * {@code gettid(2)} and {@code setpriority(2)} through the foreign function API. An unprivileged process can
 * only lower a priority, never raise it again: a lowered thread must be retired, not reused.
 */
final class Nice {

    /** The lowest priority: such a thread gets about 1.5% of a core while nice-0 threads want it. */
    static final int LOWEST = 19;
    private static final int PRIO_PROCESS = 0; // with a thread id, Linux applies it to that thread only

    private final MethodHandle gettid;
    private final MethodHandle setpriority;
    /** Why threads cannot be lowered here, or null when they can. */
    final String unavailable;

    private Nice(MethodHandle gettid, MethodHandle setpriority, String unavailable) {
        this.gettid = gettid;
        this.setpriority = setpriority;
        this.unavailable = unavailable;
    }

    static Nice load() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            // elsewhere setpriority(PRIO_PROCESS, id) takes a process id: it would lower the whole engine
            return new Nice(null, null, "not Linux (" + System.getProperty("os.name") + ")");
        }
        if (!Nice.class.getModule().isNativeAccessEnabled()) {
            return new Nice(null, null, "native access is not enabled (start java with --enable-native-access=ALL-UNNAMED, as ./wfe does)");
        }
        try {
            Linker l = Linker.nativeLinker();
            SymbolLookup c = l.defaultLookup();
            return new Nice(l.downcallHandle(c.find("gettid").orElseThrow(), FunctionDescriptor.of(JAVA_INT)),
                    l.downcallHandle(c.find("setpriority").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT)),
                    null);
        } catch (RuntimeException e) { // IllegalCallerException (--illegal-native-access=deny), NoSuchElementException
            return new Nice(null, null, "libc's gettid/setpriority are not available: " + e);
        }
    }

    /** None here (another OS, or no native access), for {@code why}. */
    static Nice unavailable(String why) {
        return new Nice(null, null, why);
    }

    boolean available() {
        return unavailable == null;
    }

    /** The calling thread's kernel id, or -1 where unavailable. */
    int currentTid() {
        if (gettid == null) {
            return -1;
        }
        try {
            return (int) gettid.invokeExact();
        } catch (Throwable e) {
            return -1;
        }
    }

    /** Gives thread {@code tid} of this process the lowest priority; false when refused. */
    boolean lowest(int tid) {
        if (setpriority == null || tid <= 0) {
            return false;
        }
        try {
            return (int) setpriority.invokeExact(PRIO_PROCESS, tid, LOWEST) == 0;
        } catch (Throwable e) {
            return false;
        }
    }
}
