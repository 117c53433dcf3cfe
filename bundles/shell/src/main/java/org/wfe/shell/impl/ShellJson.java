package org.wfe.shell.impl;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * The {@code --json} form of every listing command, through Jackson (the runtime's JSON library, as the
 * HTTP API's): records as objects in component order, instants as ISO-8601 text (as the API writes them),
 * nulls kept, so scripts see every field.
 */
final class ShellJson {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // no jackson-datatype-jsr310 in the runtime: Instant.toString() is ISO-8601 already
            .addModule(new SimpleModule("wfe-shell").addSerializer(Instant.class, ToStringSerializer.instance))
            .build();

    static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + o.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private ShellJson() {
    }
}
