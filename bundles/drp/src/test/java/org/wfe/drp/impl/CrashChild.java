package org.wfe.drp.impl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.wfe.api.drp.RootObject;
import org.wfe.api.job.Job;
import org.wfe.api.job.LogLevel;
import org.wfe.api.job.LogLine;

/**
 * The process {@link H2CrashTest} kills with -9: writes to an H2 store under {@code args[0]} from several
 * threads as fast as it can and prints one line per acknowledged write ({@code JOB|LOG|OBJ guid}).
 */
public final class CrashChild {

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        Repository repo = Repository.open(H2Fixture.at(dir), Repository.Settings.defaults("h2", dir.toString()),
                List.of("machine"));
        for (int t = 0; t < 8; t++) {
            Thread.ofVirtual().start(() -> {
                for (int i = 0; ; i++) {
                    Job j = Jobs.root("crash.test", Map.of("i", i));
                    repo.saveJob(j).toCompletableFuture().join();
                    ack("JOB " + j.guid());
                    List<LogLine> five = new ArrayList<>();
                    for (int s = 0; s < 5; s++) {
                        five.add(new LogLine(s, Jobs.now(), LogLevel.INFO, "crash", "line " + s));
                    }
                    repo.appendLog(j.guid(), five).toCompletableFuture().join();
                    ack("LOG " + j.guid());
                    RootObject o = repo.save(RootObject.create("machine", Map.of("job", j.guid()))).toCompletableFuture()
                            .join();
                    ack("OBJ " + o.guid());
                }
            });
        }
        System.out.println("READY");
        new CountDownLatch(1).await(); // until killed
    }

    private static void ack(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }

    private CrashChild() {
    }
}
