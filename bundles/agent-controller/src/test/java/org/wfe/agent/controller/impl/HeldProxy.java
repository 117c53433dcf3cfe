package org.wfe.agent.controller.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between a client (controller or agent) and the XMPP server, whose connections can be cut, and whose
 * client-to-server direction can be held: the
 * server keeps talking to us, but hears nothing from us until released. That is how a server looks from our side
 * while it is shutting down (it sends, it no longer answers), made to last as long as a test needs.
 */
final class HeldProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String host;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private boolean held;

    HeldProxy(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("held-proxy").start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    synchronized void hold() {
        held = true;
    }

    synchronized void release() {
        held = false;
        notifyAll();
    }

    /** Drops every connection relayed so far (a network blip); new ones are relayed as before. */
    void cut() {
        sockets.forEach(HeldProxy::closeQuietly);
        sockets.clear();
    }

    private synchronized void passWhenReleased() throws InterruptedException {
        while (held) {
            wait();
        }
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                Socket server = new Socket(host, port);
                sockets.add(client);
                sockets.add(server);
                Thread.ofPlatform().daemon().start(() -> pump(client, server, true));
                Thread.ofPlatform().daemon().start(() -> pump(server, client, false));
            }
        } catch (IOException closed) {
            // the test is over
        }
    }

    private void pump(Socket from, Socket to, boolean upstream) {
        byte[] buf = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buf)) >= 0;) {
                if (upstream) {
                    passWhenReleased();
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // one side closed: close both
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        release();
        listener.close();
        sockets.forEach(HeldProxy::closeQuietly);
    }
}
