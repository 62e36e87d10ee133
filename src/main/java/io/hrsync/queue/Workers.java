package io.hrsync.queue;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Worker ids, {@code host-pid-suffix}: unique per process and readable in the claimed_by and
 * work_run.worker columns. On its own host a process can tell at once that another worker is gone
 * (its pid is no longer alive, or it is our own pid: a container restarted as pid 1), so a restart
 * resumes an interrupted run without waiting for that run's heartbeat to go stale.
 */
public final class Workers {

    private Workers() {
    }

    public static String newId() {
        return host() + "-" + ProcessHandle.current().pid() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 4);
    }

    /** Whether {@code worker} ran on this host and its process is no longer alive (seen from {@code self}). */
    public static boolean goneFromThisHost(String worker, String self) {
        if (worker == null || worker.equals(self)) {
            return false;
        }
        int suffix = worker.lastIndexOf('-');
        int pidStart = suffix <= 0 ? -1 : worker.lastIndexOf('-', suffix - 1);
        if (pidStart <= 0 || !worker.substring(0, pidStart).equals(host())) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(worker.substring(pidStart + 1, suffix));
        } catch (NumberFormatException e) {
            return false;
        }
        return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
