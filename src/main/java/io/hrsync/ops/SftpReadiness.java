package io.hrsync.ops;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.hrsync.config.HrsyncConfig;

/**
 * Readiness: the HRIS SFTP server is reachable, checked by a TCP connect to
 * {@code hrsync.hris.sftp.host:port} and reading its SSH identification line ("SSH-2.0-…"), with no
 * login: that costs one round trip (a login, a full key exchange and authentication on every check,
 * would add the server's auth log lines and a credential use per interval, and the nightly poll proves
 * the credential anyway). Cached for {@code hrsync.health.cache-seconds}. With
 * {@code hrsync.hris.source=local} there is no server: UP, saying so.
 */
@Readiness
@ApplicationScoped
public class SftpReadiness implements HealthCheck {

    static final String NAME = "sftp";

    private final HrsyncConfig config;
    private final CachedProbe cache;

    public SftpReadiness(HrsyncConfig config) {
        this.config = config;
        this.cache = new CachedProbe(Duration.ofSeconds(config.health().cacheSeconds()), Clock.systemUTC());
    }

    @Override
    public HealthCheckResponse call() {
        return cache.get(this::check);
    }

    /** Forgets the cached result (the next probe connects again). */
    public void forget() {
        cache.forget();
    }

    private HealthCheckResponse check() {
        if (config.hris().source() != HrsyncConfig.Source.sftp) {
            return HealthCheckResponse.named(NAME).up().withData("source", config.hris().source().name()).build();
        }
        String host = config.hris().sftp().host().orElse("");
        int port = config.hris().sftp().port();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).withData("address", host + ":" + port);
        int timeout = config.health().sftpTimeoutMs();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeout);
            socket.setSoTimeout(timeout);
            String banner = firstLine(socket.getInputStream());
            if (!banner.startsWith("SSH-")) {
                return response.down().withData("error", "no SSH identification from the server").build();
            }
            return response.up().build();
        } catch (IOException e) {
            return response.down().withData("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build();
        }
    }

    /** The server's first line (at most 255 bytes, RFC 4253 4.2). */
    private static String firstLine(InputStream in) throws IOException {
        byte[] line = new byte[255];
        int n = 0;
        int b;
        while (n < line.length && (b = in.read()) >= 0 && b != '\n') {
            line[n++] = (byte) b;
        }
        return new String(line, 0, n, StandardCharsets.US_ASCII).strip();
    }
}
