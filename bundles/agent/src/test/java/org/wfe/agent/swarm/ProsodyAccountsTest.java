package org.wfe.agent.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProsodyAccountsTest {

    @TempDir
    Path dir;

    /** The keys prosodyctl 0.12.3 wrote for password "secret" with this salt (10,000 iterations). */
    @Test
    void keysAreProsodysOwn() {
        byte[] salted = ProsodyAccounts.saltedPassword("secret", "4ab86b5f-ac33-4280-83b2-3d2600526f5a");
        HexFormat hex = HexFormat.of();
        assertEquals("a02009bd84969834c30390d2f8bad11986d850e6", hex.formatHex(ProsodyAccounts.sha1(ProsodyAccounts.hmac(salted, "Client Key"))));
        assertEquals("4186f68713d74b994f825f95500013ca40ff7ef9", hex.formatHex(ProsodyAccounts.hmac(salted, "Server Key")));
    }

    @Test
    void fileNamesAreEscapedAsProsodyDoes() throws Exception {
        ProsodyAccounts.write(dir, "localhost", List.of("ab-c", "agent7"), "pw");
        assertTrue(Files.exists(dir.resolve("localhost/accounts/ab%2dc.dat")));
        assertTrue(Files.readString(dir.resolve("localhost/accounts/agent7.dat")).contains("[\"iteration_count\"] = 10000;"));
    }

    @Test
    void anEmptySwarmIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Swarm.users("a", 0));
    }
}
