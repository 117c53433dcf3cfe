package org.wfe.api.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The selector language: globs, labels and facts, lists, and/or, and errors that say where and what. */
class AgentSelectorTest {

    static final List<AgentInfo> FLEET = List.of(
            agent("web-1", AgentAcceptance.ACCEPTED, true, Map.of("os", "debian", "cores", "4"), Map.of("role", "web", "dc", "ams")),
            agent("web-2", AgentAcceptance.ACCEPTED, false, Map.of("os", "ubuntu"), Map.of("role", "web", "dc", "fra")),
            agent("db-1", AgentAcceptance.ACCEPTED, true, Map.of("os", "debian"), Map.of("role", "db", "dc", "ams")),
            agent("cache-1", AgentAcceptance.PENDING, true, Map.of("os", "debian"), Map.of("role", "cache")),
            agent("web-9", AgentAcceptance.REJECTED, true, Map.of(), Map.of("role", "web")));

    static AgentInfo agent(String name, AgentAcceptance acc, boolean online, Map<String, String> facts, Map<String, String> labels) {
        return new AgentInfo(name, online, null, List.of(), acc, null, facts, labels);
    }

    static List<String> select(String selector) {
        return FLEET.stream().filter(AgentSelector.parse(selector)).map(AgentInfo::guid).toList();
    }

    @Test
    void globsLabelsFactsListsAndOr() {
        assertEquals(List.of("web-1", "web-2", "web-9"), select("web-*"));
        assertEquals(List.of("web-1", "web-2", "db-1", "cache-1", "web-9"), select("*"));
        assertEquals(List.of("web-1", "db-1", "cache-1"), select("os=debian"));
        assertEquals(List.of("web-1", "web-2", "db-1", "web-9"), select("role=web,db"));
        assertEquals(List.of("web-1"), select("role=web and dc=ams"));
        assertEquals(List.of("web-1", "db-1"), select("dc=ams and role=web or role=db"));
        assertEquals(List.of("web-2", "cache-1", "web-9"), select("dc!=ams"));
        assertEquals(List.of("web-1", "web-2"), select("web-? AND acceptance=accepted"));
        assertEquals(List.of("web-2"), select("online=false"));
        assertEquals(List.of("web-1", "web-2", "web-9"), select("name=web-*"));
        assertEquals(List.of("web-2"), select("os=\"ub*\""));
        assertEquals(List.of("web-1"), select("cores=4"));
        assertEquals(List.of(), select("nosuch=x"));
    }

    @Test
    void parseErrorsNameThePositionAndWhatWasExpected() {
        assertError("", "empty selector");
        assertError("role=", "at 6, expected a value after 'role=', found the end");
        assertError("role=web and", "at 13, expected a name glob (web-*) or name=value (role=web), found the end");
        assertError("role=web,", "at 10, expected a value after ','");
        assertError("role=web dc=ams", "at 10, expected 'and', 'or' or the end, found 'd'");
        assertError("Role=web", "at 1, expected a label or fact name");
        assertError("role=\"web", "expected a closing '\"'");
        assertError("(role=web)", "at 1, expected a name glob");
        assertError("x".repeat(1001), "at most 1000");
    }

    @Test
    void globsWalkLinearlyNotLikeABacktrackingRegex() {
        assertEquals(true, AgentSelector.glob("w?b-*", "web-12"));
        assertEquals(true, AgentSelector.glob("*", ""));
        assertEquals(false, AgentSelector.glob("web-?", "web-12"));
        assertEquals(true, AgentSelector.glob("*.*", "a.b"));
        // as a regex (.*a){100}b this takes longer than any test run; here it answers at once
        String hostile = "*a".repeat(100) + "b";
        AgentInfo a = agent("a".repeat(100), AgentAcceptance.ACCEPTED, true, Map.of("os", "a".repeat(100)), Map.of());
        assertEquals(false, AgentSelector.parse(hostile + " or os=" + hostile).matches(a));
    }

    @Test
    void targetsAreOnlyAcceptedAgents() {
        AgentController c = new AgentController() {
            @Override
            public ScriptResult executeScript(String a, String n, String s, Map<String, Object> p, org.wfe.api.job.ExecutionParams e, String j) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean killScript(String a, String j, java.time.Duration t) {
                return false;
            }

            @Override
            public List<AgentInfo> agents() {
                return FLEET;
            }

            @Override
            public AgentInfo accept(String a) {
                throw new UnsupportedOperationException();
            }

            @Override
            public AgentInfo reject(String a) {
                throw new UnsupportedOperationException();
            }
        };
        AgentSelector web = AgentSelector.parse("role=web,cache");
        assertEquals(List.of("web-1", "web-2", "cache-1", "web-9"), c.agents(web).stream().map(AgentInfo::guid).toList());
        assertEquals(List.of("web-1", "web-2"), c.targets(web).stream().map(AgentInfo::guid).toList());
    }

    private static void assertError(String selector, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentSelector.parse(selector));
        if (!e.getMessage().contains(part)) {
            throw new AssertionError("expected '" + part + "' in: " + e.getMessage());
        }
    }
}
