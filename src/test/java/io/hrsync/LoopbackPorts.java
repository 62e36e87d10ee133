package io.hrsync;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a server another process will open later (the packaged app's simulators, a PostgreSQL
 * cluster). A port from {@code new ServerSocket(0)} comes from the kernel's ephemeral range
 * (32768-60999 on Linux), so between closing it and the child binding it any outgoing connection
 * may take it as its local port: CI failed once exactly so ("skilljar simulator cannot listen on
 * port 34973: Address already in use"). These ports come from below that range, are checked
 * bindable, and are never handed out twice by one JVM.
 */
public final class LoopbackPorts {

    private static final int LOWEST = 20000;
    private static final int HIGHEST = 32000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private LoopbackPorts() {
    }

    public static int free() {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                return port;
            } catch (IOException inUse) {
                // taken by something else; try another
            }
        }
        throw new IllegalStateException("no free loopback port in " + LOWEST + "-" + HIGHEST);
    }
}
