package dev.meridian.console.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Passwords as Argon2id hashes (BouncyCastle's implementation) in the standard PHC string form,
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, so a stored hash says how it was made and still
 * verifies after the parameters change ({@link #needsRehash} tells when to store a new one).
 *
 * <p>The default is OWASP's first recommended Argon2id setting (19 MiB, 2 passes, 1 lane): a few tens of
 * milliseconds here, and each hash holds 19 MiB while it runs, so at most {@link #CONCURRENT} run at once
 * whatever the number of login attempts.
 */
public final class PasswordHasher {
    /** Hashes computed at the same time; more wait, so memory stays bounded under a login flood. */
    static final int CONCURRENT = 2;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{22,128})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_IN = Base64.getDecoder();

    /**
     * Argon2id's cost.
     *
     * @param memoryKib   memory in KiB
     * @param iterations  passes over it
     * @param parallelism lanes
     */
    public record Params(int memoryKib, int iterations, int parallelism) {
        /** OWASP Password Storage Cheat Sheet: m=19 MiB, t=2, p=1. */
        public static final Params OWASP = new Params(19 * 1024, 2, 1);
    }

    private final Params params;
    private final SecureRandom random = new SecureRandom();
    private final Semaphore running = new Semaphore(CONCURRENT, true);

    public PasswordHasher() {
        this(Params.OWASP);
    }

    public PasswordHasher(Params params) {
        this.params = params;
    }

    /** A new PHC string for {@code password}, with a fresh random salt. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, params, HASH_BYTES);
        return "$argon2id$v=19$m=" + params.memoryKib() + ",t=" + params.iterations() + ",p=" + params.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Whether {@code password} is the one {@code phc} was made from; false for anything not a PHC string of ours. */
    public boolean verify(String password, String phc) {
        Matcher m = phc == null ? null : PHC.matcher(phc);
        if (m == null || !m.matches()) {
            return false;
        }
        Params stored = paramsOf(m);
        byte[] salt = B64_IN.decode(m.group(4));
        byte[] expected = B64_IN.decode(m.group(5));
        return MessageDigest.isEqual(expected, derive(password, salt, stored, expected.length));
    }

    /** Whether {@code phc} was made with other parameters than this hasher's (then store a fresh hash at the next login). */
    public boolean needsRehash(String phc) {
        Matcher m = PHC.matcher(phc);
        return !m.matches() || !paramsOf(m).equals(params);
    }

    public Params params() {
        return params;
    }

    private static Params paramsOf(Matcher m) {
        return new Params(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    private byte[] derive(String password, byte[] salt, Params p, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(p.memoryKib())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        running.acquireUninterruptibly();
        try {
            generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        } finally {
            running.release();
        }
        return out;
    }
}
