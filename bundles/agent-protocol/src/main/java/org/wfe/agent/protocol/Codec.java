package org.wfe.agent.protocol;

import java.util.Map;

import org.jivesoftware.smack.provider.ProviderManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/** JSON bodies of the protocol's IQs, and the provider registration both sides need. */
public final class Codec {

    // newer senders may add fields: an older reader ignores them rather than refusing the message
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

    private static final Map<String, Class<?>> TYPES = Map.of(Protocol.EXEC, ExecRequest.class, Protocol.KILL, KillRequest.class,
            Protocol.OUTPUT, OutputBatch.class, Protocol.RESULT, ExecResult.class);

    private Codec() {
    }

    /** Registers the provider of every element of the protocol with Smack (idempotent). */
    public static void registerProviders() {
        for (String element : TYPES.keySet()) {
            ProviderManager.addIQProvider(element, Protocol.NAMESPACE, new AgentIqProvider());
        }
    }

    /** The IQ (type set) for one message; the element name follows from its type. */
    public static AgentIq iq(Object message) {
        String element = TYPES.entrySet().stream().filter(e -> e.getValue() == message.getClass()).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("not a protocol message: " + message.getClass()));
        return new AgentIq(element, encode(message));
    }

    public static String encode(Object message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("cannot encode " + message.getClass().getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Decodes the body of {@code iq} as the message its element names; a clear ProtocolException otherwise. */
    public static Object decode(AgentIq iq) {
        Class<?> type = TYPES.get(iq.getChildElementName());
        if (type == null) {
            throw new ProtocolException("unknown element <" + iq.getChildElementName() + "/> in " + Protocol.NAMESPACE
                    + " (known: " + String.join(", ", TYPES.keySet()) + ")");
        }
        return decode(iq.body(), type);
    }

    public static <T> T decode(String json, Class<T> type) {
        String what = type.getSimpleName();
        if (json == null || json.isBlank()) {
            throw new ProtocolException(what + ": empty body, expected a JSON object");
        }
        try {
            T value = JSON.readValue(json, type);
            if (value == null) {
                throw new ProtocolException(what + ": body is null, expected a JSON object");
            }
            return value;
        } catch (ValueInstantiationException e) {
            Throwable c = e.getCause();
            throw new ProtocolException(what + ": " + (c != null && c.getMessage() != null ? c.getMessage() : e.getOriginalMessage()), e);
        } catch (JsonMappingException e) {
            throw new ProtocolException(what + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(what + ": not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A JSON object as a map (used for result files); a clear ProtocolException when it is not one. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String json, String what) {
        try {
            Object v = JSON.readValue(json, Object.class);
            if (v instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
            throw new ProtocolException(what + " must hold a JSON object, got " + (v == null ? "null" : v.getClass().getSimpleName()));
        } catch (JsonProcessingException e) {
            throw new ProtocolException(what + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new ProtocolException("field '" + field + "' is required");
        }
    }
}
