package org.wfe.bench.peers;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * One peer scheduler instance in a process of its own, so that a failover trial can kill it with SIGKILL:
 * {@code PeerNode PEER INSTANCE JDBC_URL USER PASSWORD}. It builds the node and prints {@code ready}; on
 * {@code go} (a line on stdin) it starts it and prints {@code started}; it prints {@code ran ID} as each unit
 * starts to run; on {@code stop} or the end of stdin it shuts the node down and exits.
 */
public final class PeerNode {

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: PeerNode quartz|db-scheduler INSTANCE JDBC_URL USER PASSWORD");
            System.exit(2);
        }
        Peer peer = Peer.of(args[0]);
        PeerDatabase.Location db = new PeerDatabase.Location(args[2], args[3], args[4]);
        try (Peer.Node node = peer.node(db, args[1], id -> System.out.println("ran " + id))) {
            System.out.println("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null && !line.equals("stop"); ) {
                if (line.equals("go")) {
                    node.start();
                    System.out.println("started");
                }
            }
        }
        System.exit(0);
    }

    private PeerNode() {
    }
}
