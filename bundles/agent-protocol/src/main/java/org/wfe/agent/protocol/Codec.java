package org.wfe.agent.protocol;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.xml.stream.XMLInputFactory;

import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.xml.SmackXmlParser;
import org.jivesoftware.smack.xml.stax.StaxXmlPullParserFactory;

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
            Protocol.OUTPUT, OutputBatch.class, Protocol.RESULT, ExecResult.class,
            Protocol.QUERY, ScriptQuery.class, Protocol.STATUS, ScriptStatus.class,
            Protocol.FACTS, FactsReport.class, Protocol.PART, MessagePart.class);

    private Codec() {
    }

    /**
     * JDK limits that count over a whole XML document. An XMPP connection is one document as long as the
     * connection lives, so these budgets only measure how long it has been up: JDK 24 lowered
     * totalEntitySizeLimit and maxGeneralEntitySizeLimit (the document counts as one entity) to 100,000,
     * which every {@code &quot;} of every JSON body draws on, and the
     * connection was dropped with JAXP00010004 after some 2 MB. DTDs stay refused (Smack's setting): no
     * entity can be declared, so the only entities are XML's five predefined ones.
     */
    private static final String[] DOCUMENT_BUDGETS = {"jdk.xml.totalEntitySizeLimit", "jdk.xml.maxGeneralEntitySizeLimit",
        "jdk.xml.entityExpansionLimit"};

    /** Makes Smack parse with StAX from the JDK, its per-document budgets lifted ({@link #DOCUMENT_BUDGETS}). */
    public static synchronized void useXmlParser() {
        StaxXmlPullParserFactory factory = new StaxXmlPullParserFactory();
        try {
            // Smack keeps its XMLInputFactory to itself (one per JVM, shared by every connection)
            Field f = factory.getClass().getDeclaredField("xmlInputFactory");
            f.setAccessible(true);
            XMLInputFactory xml = (XMLInputFactory) f.get(null);
            for (String budget : DOCUMENT_BUDGETS) {
                xml.setProperty(budget, 0); // 0: no limit
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot lift the JDK's per-document XML limits of Smack's StAX parser "
                    + "(an XMPP connection would be dropped after some 2 MB): " + e, e);
        }
        SmackXmlParser.setXmlPullParserFactory(factory);
    }

    /** Registers the provider of the protocol's element with Smack (idempotent). */
    public static void registerProviders() {
        ProviderManager.addIQProvider(Protocol.ELEMENT, Protocol.NAMESPACE, new AgentIqProvider());
    }

    /** The IQ (type set) for one message; the element name follows from its type. */
    public static AgentIq iq(Object message) {
        String kind = TYPES.entrySet().stream().filter(e -> e.getValue() == message.getClass()).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("not a protocol message: " + message.getClass()));
        return new AgentIq(kind, encode(message));
    }

    /**
     * What {@code body} takes in a stanza: UTF-8 bytes once XML-escaped (each of {@code < > & " '} counted
     * as its longest escape, since the server may re-escape what it forwards).
     */
    public static int wireSize(String body) {
        int escapes = 0;
        for (int i = 0; i < body.length(); i++) {
            switch (body.charAt(i)) {
                case '"', '\'' -> escapes += 5;
                case '&' -> escapes += 4;
                case '<', '>' -> escapes += 3;
                default -> {
                }
            }
        }
        return body.getBytes(StandardCharsets.UTF_8).length + escapes;
    }

    public static String encode(Object message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("cannot encode " + message.getClass().getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Decodes the body of {@code iq} as the message its kind names; a clear ProtocolException otherwise. */
    public static Object decode(AgentIq iq) {
        Class<?> type = TYPES.get(iq.kind());
        if (type == null) {
            throw new ProtocolException("unknown kind '" + iq.kind() + "' of <" + Protocol.ELEMENT + " xmlns='" + Protocol.NAMESPACE
                    + "'/> (known: " + String.join(", ", new java.util.TreeSet<>(TYPES.keySet())) + ")");
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

    /**
     * An error reply with a human text, so the sender's log says what was wrong. Built without echoing the
     * request's child: Smack 4.4.8 serialises an unparsed child as broken XML, which makes the server close
     * our stream, and a big body would only be sent back.
     */
    public static org.jivesoftware.smack.packet.IQ error(org.jivesoftware.smack.packet.IQ request,
            org.jivesoftware.smack.packet.StanzaError.Condition condition, String text) {
        org.jivesoftware.smack.packet.IQ reply = org.jivesoftware.smack.packet.IQ.createResultIQ(request);
        reply.setType(org.jivesoftware.smack.packet.IQ.Type.error);
        reply.setError(org.jivesoftware.smack.packet.StanzaError.getBuilder(condition).setDescriptiveEnText(text));
        return reply;
    }

    /**
     * Requests nobody handles (elements of other namespaces) get no reply: Smack 4.4.8's automatic reply
     * echoes them as broken XML and the server then closes our stream. The sender times out instead.
     */
    public static void protectStream(org.jivesoftware.smack.AbstractXMPPConnection conn) {
        conn.setUnknownIqRequestReplyMode(org.jivesoftware.smack.SmackConfiguration.UnknownIqRequestReplyMode.doNotReply);
    }

    /**
     * The human text of an error reply. Smack 4.4 writes {@code <text/>} without the stanzas namespace, so
     * the receiving Smack does not parse it as descriptive text: read it from the XML then.
     */
    public static String errorText(org.jivesoftware.smack.packet.StanzaError error) {
        String t = error.getDescriptiveText("en");
        if (t == null) {
            t = error.getDescriptiveText();
        }
        if (t == null) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("<text[^>]*>(.*?)</text>", java.util.regex.Pattern.DOTALL)
                    .matcher(error.toXML().toString());
            t = m.find() ? m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                    .replace("&amp;", "&") : null;
        }
        return t == null ? error.getCondition().toString() : t;
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new ProtocolException("field '" + field + "' is required");
        }
    }
}
