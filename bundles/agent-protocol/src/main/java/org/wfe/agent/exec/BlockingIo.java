package org.wfe.agent.exec;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Platform threads, reused, for what blocks in native code: reading and writing a script's pipes and
 * waiting for its exit. On a virtual thread these calls would hold a carrier each, and a 2-core machine
 * has 2 carriers: three running scripts would stall every virtual thread of the process.
 */
final class BlockingIo {

    static final ExecutorService POOL = Executors.newCachedThreadPool(
            r -> Thread.ofPlatform().name("wfe-script-io").daemon().stackSize(256 * 1024).unstarted(r));

    private BlockingIo() {
    }
}
