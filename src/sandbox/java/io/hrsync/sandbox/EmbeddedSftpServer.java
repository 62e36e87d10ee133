package io.hrsync.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server (Apache MINA SSHD) on 127.0.0.1 with password auth, an EC host key kept in its
 * directory (so known_hosts stays valid across restarts) and a chrooted file tree.
 */
public final class EmbeddedSftpServer implements AutoCloseable {

    private final Path root;
    private final Path hostKey;
    private final String username;
    private final String password;
    private SshServer server;
    private PublicKey authorizedKey;

    /** Also accept this client key (public-key authentication), as an HRIS drop with key auth would. */
    public EmbeddedSftpServer authorize(PublicKey key) {
        this.authorizedKey = key;
        return this;
    }

    public EmbeddedSftpServer(Path dir, String username, String password) {
        this.root = dir.resolve("sftp-root").toAbsolutePath();
        this.hostKey = dir.resolve("sftp-host-key.ser").toAbsolutePath();
        this.username = username;
        this.password = password;
    }

    public EmbeddedSftpServer start(int port) {
        try {
            Files.createDirectories(root);
            server = SshServer.setUpDefaultServer();
            server.setHost("127.0.0.1");
            server.setPort(port);
            SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(hostKey);
            keys.setAlgorithm("EC");
            keys.setKeySize(256);
            server.setKeyPairProvider(keys);
            server.setPasswordAuthenticator((user, pass, session) -> username.equals(user) && password.equals(pass));
            server.setPublickeyAuthenticator((user, key, session) -> username.equals(user) && authorizedKey != null
                    && org.apache.sshd.common.config.keys.KeyUtils.compareKeys(authorizedKey, key));
            server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
            server.setFileSystemFactory(new VirtualFileSystemFactory(root));
            server.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded SFTP server cannot start on port " + port, e);
        }
    }

    public int port() {
        return server.getPort();
    }

    public Path root() {
        return root;
    }

    /** Writes a known_hosts file that trusts this server's host key, for strict host key checking. */
    public Path writeKnownHosts(Path file) {
        try {
            KeyPair pair = server.getKeyPairProvider().loadKeys(null).iterator().next();
            PublicKey key = pair.getPublic();
            String line = "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key) + "\n";
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8);
            return file;
        } catch (Exception e) {
            throw new IllegalStateException("cannot write known_hosts " + file, e);
        }
    }

    /** Places a file on the server the way a careful uploader does: dot-file first, then renamed. */
    public Path upload(String dir, String name, byte[] content) {
        try {
            Path target = root.resolve(dir);
            Files.createDirectories(target);
            Path tmp = target.resolve("." + name + ".tmp");
            Files.write(tmp, content);
            return Files.move(tmp, target.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path(String relative) {
        return root.resolve(relative);
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.stop(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = null;
        }
    }

}
