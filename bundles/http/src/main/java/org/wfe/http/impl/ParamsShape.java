package org.wfe.http.impl;

import java.util.List;
import java.util.Map;

/**
 * The shape the API accepts for action params, checked before anything starts: nested at most
 * {@value #MAX_DEPTH} levels (the repository's own limit is deeper and reached only after the job exists),
 * and no NUL in a name: a name is an identifier the tasklet, the script's environment and the logs use,
 * where NUL cuts it short. A refusal is a 400 naming the path. (NUL inside a string value is data: the
 * store keeps it escaped.)
 */
final class ParamsShape {

    static final int MAX_DEPTH = 64;

    private ParamsShape() {
    }

    static void check(Map<String, Object> params) {
        walk(params, "params", 0);
    }

    private static void walk(Object v, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw ApiException.badRequest("bad_params", path + ": params nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (v) {
            case Map<?, ?> m -> m.forEach((k, x) -> {
                String key = String.valueOf(k);
                if (key.indexOf('\0') >= 0) {
                    throw ApiException.badRequest("bad_params", path + ": a name contains NUL (\\u0000): '" + key.replace("\0", "\\u0000") + "'");
                }
                walk(x, path + "." + key, depth + 1);
            });
            case List<?> l -> {
                for (int i = 0; i < l.size(); i++) {
                    walk(l.get(i), path + "[" + i + "]", depth + 1);
                }
            }
            default -> {
            }
        }
    }
}
