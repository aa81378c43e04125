package dev.meridian.console.logs;

import dev.meridian.uplink.logs.LogFileName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where stored files live: {@code <stateDir>/logs/<customer>/<name>}, uploads in progress in
 * {@code <stateDir>/logs/.incoming}. A path is only ever made from a customer id and a file name that
 * match their patterns (no separators, no dots to climb with), so no name a client sends can point
 * outside a customer's own directory.
 */
final class LogStore {
    private final Path root;
    private final Path incoming;

    LogStore(Path stateDir) throws IOException {
        this.root = stateDir.toAbsolutePath().resolve("logs");
        this.incoming = Files.createDirectories(root.resolve(".incoming"));
    }

    /** The file's place, if customer and name are well-formed; empty for anything else. */
    Optional<Path> path(String customer, String name) {
        if (customer == null || name == null || !LogFileName.ID.matcher(customer).matches()
                || LogFileName.parse(name).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(root.resolve(customer).resolve(name));
    }

    /** A new empty file to receive an upload into; the caller moves it in with {@link #commit} or deletes it. */
    Path stage() throws IOException {
        return Files.createTempFile(incoming, "upload-", ".part");
    }

    /** Moves a fully received, checked upload into place at once (readers see the old file or the new, never half). */
    void commit(Path staged, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes a stored file (retention); a file already gone is fine. */
    void delete(String customer, String name) throws IOException {
        Optional<Path> path = path(customer, name);
        if (path.isPresent()) {
            Files.deleteIfExists(path.get());
        }
    }

    /** Uploads a crashed console left half received. */
    void clearIncoming() throws IOException {
        try (Stream<Path> staged = Files.list(incoming)) {
            for (Path p : staged.toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
