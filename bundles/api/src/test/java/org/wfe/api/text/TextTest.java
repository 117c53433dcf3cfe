package org.wfe.api.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The one key=value and duration rule the shell, the console and the API share. */
class TextTest {

    @Test
    void durationsAsOperatorsTypeThem() {
        assertEquals(90, Durations.parseSeconds("90", "x"));
        assertEquals(90, Durations.parseSeconds(" 90s ", "x"));
        assertEquals(600, Durations.parseSeconds("10m", "x"));
        assertEquals(5_400, Durations.parseSeconds("1h30m", "x"));
        assertEquals(86_400, Durations.parseSeconds("1D", "x"));
        assertEquals(5_400, Durations.parseSeconds("PT1H30M", "x"));
        for (String bad : List.of("", "soon", "-5", "0", "0s", "10x", "1h30", "m", "99999999999999d", "P-1D", "1.5h")) {
            var e = assertThrows(IllegalArgumentException.class, () -> Durations.parseSeconds(bad, "--maxduration"), bad);
            assertTrue(e.getMessage().startsWith("--maxduration must be a positive duration"), e.getMessage());
        }
        var forged = assertThrows(IllegalArgumentException.class, () -> Durations.parseSeconds("1\nERROR forged", "x"));
        assertTrue(forged.getMessage().endsWith("got '1\\nERROR forged'"), forged.getMessage());
    }

    @Test
    void durationsForPeople() {
        assertEquals("0.250s", Durations.format(Duration.ofMillis(250)));
        assertEquals("2m03s", Durations.format(Duration.ofSeconds(123)));
        assertEquals("1h01m01s", Durations.format(Duration.ofSeconds(3_661)));
    }

    @Test
    void namesAreRefusedAtTheDoor() {
        assertEquals("m-42", Names.require("--rootobjectguid", " m-42 "));
        assertEquals("--rootobjectguid must be 1 to 100 characters without control characters, got 'a\\nERROR forged' (14 characters)",
                assertThrows(IllegalArgumentException.class, () -> Names.require("--rootobjectguid", "a\nERROR forged")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Names.require("--parent", "x".repeat(101))).getMessage()
                .endsWith("(101 characters)"));
        assertThrows(IllegalArgumentException.class, () -> Names.require("--parent", "  "));
    }

    @Test
    void keyValues() {
        assertEquals(Map.of("a", " 1", "b", "x=y"), KeyValues.parse("a= 1", " b =x=y"));
        assertEquals(Map.of(), KeyValues.parse((String[]) null));
        assertEquals(Map.of("name", "operator", "x", "a=b"), KeyValues.lines("name=operator\r\n\n x = a=b \n"));
        assertEquals("bad argument '=1': params are key=value",
                assertThrows(IllegalArgumentException.class, () -> KeyValues.parse("=1")).getMessage());
        assertEquals("bad argument ' =1': params are key=value",
                assertThrows(IllegalArgumentException.class, () -> KeyValues.parse(" =1")).getMessage());
        assertEquals("param 'a' given twice", assertThrows(IllegalArgumentException.class, () -> KeyValues.lines("a=1\na =2")).getMessage());
    }
}
