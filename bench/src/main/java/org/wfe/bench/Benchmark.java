package org.wfe.bench;

import java.util.List;

/**
 * A named benchmark of {@code ./wfe bench}. Implementations are listed in {@link Main#BENCHMARKS};
 * each measures its figure and the ceiling beside it in the same run, and cleans up after itself.
 */
public interface Benchmark {

    /** Short name used on the command line, e.g. {@code startup}, {@code drp}. */
    String name();

    String description();

    List<Figure> run(BenchContext ctx) throws Exception;
}
