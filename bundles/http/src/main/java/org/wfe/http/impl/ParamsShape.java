package org.wfe.http.impl;

import java.util.List;
import java.util.Map;

/**
 * The shape the API accepts for action params, checked before anything starts: nested at most
 * {@value #MAX_DEPTH} levels, and no NUL in a name or a string (PostgreSQL cannot store it; it would fail
 * deep in the store instead of here). A refusal is a 400 naming the path.
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
            case String s when s.indexOf('\0') >= 0 -> throw ApiException.badRequest("bad_params", path + ": the string contains NUL (\\u0000)");
            default -> {
            }
        }
    }
}
