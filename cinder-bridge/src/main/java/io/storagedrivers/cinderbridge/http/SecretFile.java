package io.storagedrivers.cinderbridge.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads a secret (the bearer token, a keystore password) from a file that only its owner (the
 * bridge) and its group (cinder) may read. A file that others can read, or that the group can
 * write, is refused: the service does not start with a secret that has leaked.
 */
public final class SecretFile {
    private static final Set<PosixFilePermission> FORBIDDEN = EnumSet.of(
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE);
    /** Shorter tokens are guessable. */
    static final int MIN_TOKEN_LENGTH = 16;

    private SecretFile() {
    }

    /** The file's content without surrounding whitespace; IllegalStateException says what is wrong. */
    public static String read(Path file, String what) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException(what + " " + file + " is not a regular file");
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> bad = EnumSet.noneOf(PosixFilePermission.class);
            bad.addAll(perms);
            bad.retainAll(FORBIDDEN);
            if (!bad.isEmpty()) {
                throw new IllegalStateException(what + " " + file + " has mode "
                        + java.nio.file.attribute.PosixFilePermissions.toString(perms)
                        + "; allow at most owner read/write and group read (chmod 0640)");
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a bearer token: one line of at least 16 non-blank characters. */
    public static String readToken(Path file) {
        String token = read(file, "token file");
        if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalStateException("token file " + file + " must hold one token of at least "
                    + MIN_TOKEN_LENGTH + " characters without spaces");
        }
        return token;
    }
}
