package io.hrsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hrsync.sandbox.EmbeddedSftpServer;

/**
 * Private-key authentication and strict host key checking with the same SFTP endpoint options as
 * routes/hris-file-ingest.camel.yaml (password left empty, key file, known_hosts, strict), against
 * the embedded SFTP server; and a server whose key is not in known_hosts is refused.
 */
class SftpKeyAuthTest {

    @TempDir
    Path dir;

    @Test
    void privateKeyAuthWithStrictHostKeyChecking() throws Exception {
        KeyPair client = KeyUtils.generateKeyPair("ssh-rsa", 2048);
        Path key = dir.resolve("id_rsa");
        try (OutputStream out = Files.newOutputStream(key)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "hrsync-test", null, out);
        }
        try (EmbeddedSftpServer server = new EmbeddedSftpServer(dir.resolve("server"), "hrsync", "not-used-here")
                .authorize(client.getPublic()).start(0);
                DefaultCamelContext camel = new DefaultCamelContext()) {
            Path knownHosts = server.writeKnownHosts(dir.resolve("known_hosts"));
            server.upload("inbox", "export.csv", "employee_id,email\n".getBytes(StandardCharsets.UTF_8));
            camel.start();
            ConsumerTemplate consumer = camel.createConsumerTemplate();
            String uri = "sftp:127.0.0.1:" + server.port() + "/inbox?username=hrsync&password=RAW()"
                    + "&privateKeyFile=" + key + "&knownHostsFile=" + knownHosts
                    + "&strictHostKeyChecking=yes&useUserKnownHostsFile=false&includeExt=csv&noop=true";
            Exchange received = consumer.receive(uri, 10_000);
            assertEquals("employee_id,email\n", received.getMessage().getBody(String.class));

            // the same server behind a known_hosts that does not list its key: refused, nothing read
            Path otherKnownHosts = Files.writeString(dir.resolve("other_known_hosts"),
                    "[127.0.0.1]:" + server.port() + " " + org.apache.sshd.common.config.keys.PublicKeyEntry
                            .toString(KeyUtils.generateKeyPair("ssh-rsa", 2048).getPublic()) + "\n");
            String untrusted = uri.replace(knownHosts.toString(), otherKnownHosts.toString()).replace("noop=true",
                    "noop=true&throwExceptionOnConnectFailed=true&maximumReconnectAttempts=0");
            Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> consumer.receive(untrusted, 3_000));
            assertTrue(org.apache.camel.util.ObjectHelper.getException(com.jcraft.jsch.JSchUnknownHostKeyException.class,
                    refused) != null, "expected the host key to be rejected, got " + refused);
            assertTrue(Files.exists(server.path("inbox/export.csv")));
        }
    }
}
