package org.wfe.agent.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.junit.jupiter.api.Test;

/**
 * The codec against garbage: seeded random inputs (mutations of valid messages, random JSON-ish text and
 * random bytes, in every kind, through the JSON decoder and through the XML stanza parser). Each input
 * decodes or fails with a {@link ProtocolException} that says what is wrong; nothing else ever escapes.
 * The seed is printed, so a failure replays.
 */
class CodecFuzzTest {
    static final int INPUTS = 100_000;
    static final String JSON_CHARS = "{}[]\",:0-eE.\\ntrue";
    static final List<String> KINDS = List.of(Protocol.EXEC, Protocol.KILL, Protocol.OUTPUT, Protocol.RESULT, "bogus", "");

    @Test
    void hundredThousandGarbageInputsGetAClearErrorOrDecode() throws Exception {
        Codec.registerProviders();
        long seed = Long.getLong("wfe.fuzz.seed", 20261128L);
        Random rnd = new Random(seed);
        List<String> valid = List.of(
                Codec.encode(new ExecRequest("j1", "#!/bin/sh\necho hi", Map.of("a", List.of(1, "x"), "b", Map.of("c", true)), 5000)),
                Codec.encode(new KillRequest("j2", 2000, "operator")),
                Codec.encode(new ExecResult("j3", 1, "out", "err", true, Map.of("k", 2.5), 17, null, null)));
        int decoded = 0;
        int refused = 0;
        for (int i = 0; i < INPUTS; i++) {
            String kind = KINDS.get(rnd.nextInt(KINDS.size()));
            String body = switch (rnd.nextInt(4)) {
                case 0 -> mutate(valid.get(rnd.nextInt(valid.size())), rnd);
                case 1 -> randomJsonish(rnd);
                case 2 -> new String(bytes(rnd), StandardCharsets.UTF_8);
                default -> valid.get(rnd.nextInt(valid.size()));
            };
            try {
                assertNotNull(Codec.decode(new AgentIq(kind, body)));
                decoded++;
            } catch (ProtocolException e) {
                assertTrue(e.getMessage() != null && e.getMessage().length() > 5, "unclear error for input " + i + " (seed " + seed + ")");
                refused++;
            } catch (RuntimeException e) {
                throw new AssertionError("input " + i + " (seed " + seed + ", kind '" + kind + "') escaped as " + e + ": " + abbreviate(body), e);
            }
        }
        assertEquals(INPUTS, decoded + refused);
        System.out.printf("FAULT fuzzed protocol codec: %d seeded random inputs (seed %d), %d decoded, %d refused with a ProtocolException, 0 other failures%n",
                INPUTS, seed, decoded, refused);
    }

    @Test
    void garbageStanzasParseIntoSomethingTheCodecRefusesClearly() throws Exception {
        Codec.registerProviders();
        Random rnd = new Random(7);
        int refused = 0;
        for (int i = 0; i < 5_000; i++) {
            String body = xmlEscape(randomJsonish(rnd));
            String xml = "<iq type='set' id='f" + i + "'><wfe kind='" + KINDS.get(rnd.nextInt(KINDS.size())) + "' xmlns='"
                    + Protocol.NAMESPACE + "'>" + body + "</wfe></iq>";
            IQ iq = PacketParserUtils.parseStanza(xml);
            assertTrue(iq instanceof AgentIq, iq.getClass().toString());
            try {
                Codec.decode((AgentIq) iq);
            } catch (ProtocolException e) {
                refused++;
            }
        }
        assertTrue(refused > 4_000, "random bodies should nearly all be refused, were " + refused);
    }

    private static String mutate(String s, Random rnd) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits && b.length() > 0; e++) {
            int at = rnd.nextInt(b.length());
            switch (rnd.nextInt(4)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, JSON_CHARS.charAt(rnd.nextInt(JSON_CHARS.length())));
                case 2 -> b.setCharAt(at, (char) rnd.nextInt(0x3000));
                default -> b.setLength(at);
            }
        }
        return b.toString();
    }

    private static String randomJsonish(Random rnd) {
        String alphabet = "{}[]\",:0123456789-+.eEtruefalsnl \\ujobscriptmax";
        StringBuilder b = new StringBuilder();
        int n = rnd.nextInt(80);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static byte[] bytes(Random rnd) {
        byte[] b = new byte[rnd.nextInt(120)];
        rnd.nextBytes(b);
        return b;
    }

    private static String xmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
