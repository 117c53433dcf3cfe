package org.wfe.drp.impl;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import org.wfe.api.drp.InvalidObjectException;

/**
 * The JSON codec of bodies, params and results. Encoding also validates: one walk both checks that a value
 * is JSON-compatible (maps with string keys, lists, strings, numbers, booleans, null) and writes it, so a
 * bad value is refused with the path to it before anything is queued.
 */
final class Json {

    /** Deeper than this is almost surely a cycle; refusing it keeps the writer safe from stack overflows. */
    static final int MAX_DEPTH = 200;

    /** Longest index key stored as is (the column holds 300 characters). */
    static final int MAX_INDEXED = 202;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            // bodies may be as large as the configured limit; Jackson's default string cap is 20 MB
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(MAX_DEPTH + 1).build())
            .build();

    private Json() {
    }

    /** Encodes {@code value}, refusing what is not JSON-compatible; {@code what} names it in messages. */
    static String encode(Object value, String what) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value, what, 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen with a StringWriter", e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Object v, String path, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new InvalidObjectException(path + ": nested deeper than " + MAX_DEPTH + " levels (or a cycle)");
        }
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Short s -> g.writeNumber(s);
            case Byte b -> g.writeNumber(b);
            case BigInteger bi -> g.writeNumber(bi);
            case BigDecimal bd -> g.writeNumber(bd);
            case Double d -> writeFloating(g, d, path);
            case Float f -> writeFloating(g, f.doubleValue(), path);
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new InvalidObjectException(path + ": map key " + e.getKey() + " ("
                                + typeName(e.getKey()) + ") is not a string; JSON objects have string keys");
                    }
                    g.writeFieldName(key);
                    write(g, e.getValue(), path + "." + key, depth + 1);
                }
                g.writeEndObject();
            }
            case Collection<?> c -> {
                g.writeStartArray();
                int i = 0;
                for (Object o : c) {
                    write(g, o, path + "[" + i++ + "]", depth + 1);
                }
                g.writeEndArray();
            }
            default -> throw new InvalidObjectException(path + ": a value of type " + typeName(v)
                    + " is not JSON-compatible (use maps with string keys, lists, strings, numbers, booleans or null)");
        }
    }

    private static void writeFloating(JsonGenerator g, double d, String path) throws IOException {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new InvalidObjectException(path + ": " + d + " is not a JSON number");
        }
        g.writeNumber(d);
    }

    private static String typeName(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }

    /** Decodes text this class wrote: objects become LinkedHashMaps, arrays ArrayLists. */
    static Object decode(String text) {
        if (text == null) {
            return null;
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            p.nextToken();
            return read(p);
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON is corrupt: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> decodeMap(String text) {
        Object o = decode(text);
        return o == null ? new LinkedHashMap<>() : (Map<String, Object>) o;
    }

    private static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, read(p));
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(read(p));
                }
                yield l;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected token " + t);
        };
    }

    /**
     * The key under which a top-level scalar is indexed for find: a type letter and the value, so that
     * {@code "1"}, {@code 1} and {@code true} stay apart and {@code 1}, {@code 1L}, {@code 1.0} meet. Long
     * keys are indexed by their SHA-256 so that the column stays small and equality stays exact.
     * Returns null for lists and maps, which are not indexed.
     */
    static String indexKey(Object v) {
        String key = switch (v) {
            case null -> "z";
            case String s -> "s:" + s;
            case Boolean b -> b ? "b:true" : "b:false";
            case Number n -> "n:" + canonical(n);
            default -> null;
        };
        // PostgreSQL text cannot hold NUL: such keys are hashed like long ones
        return key == null || (key.length() <= MAX_INDEXED && key.indexOf('\0') < 0) ? key : "h:" + sha256(key);
    }

    private static String canonical(Number n) {
        BigDecimal d = switch (n) {
            case BigDecimal bd -> bd;
            case BigInteger bi -> new BigDecimal(bi);
            case Double x -> BigDecimal.valueOf(x);
            case Float f -> BigDecimal.valueOf(f.doubleValue());
            default -> BigDecimal.valueOf(n.longValue());
        };
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    private static String sha256(String s) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
