package dev.meridian.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    /** Cheap parameters: what is tested here is the format and the checks, not the cost. */
    private final PasswordHasher cheap = new PasswordHasher(new PasswordHasher.Params(1024, 1, 1));

    @Test
    void aHashVerifiesItsPasswordAndNoOther() {
        String phc = cheap.hash("correct horse battery staple");

        assertThat(cheap.verify("correct horse battery staple", phc)).isTrue();
        assertThat(cheap.verify("correct horse battery stapler", phc)).isFalse();
        assertThat(cheap.verify("", phc)).isFalse();
    }

    @Test
    void eachHashHasItsOwnSaltAndNeverContainsThePassword() {
        String a = cheap.hash("hunter2-hunter2");
        String b = cheap.hash("hunter2-hunter2");

        assertThat(a).isNotEqualTo(b).doesNotContain("hunter2");
        assertThat(cheap.verify("hunter2-hunter2", b)).isTrue();
    }

    @Test
    void theDefaultIsArgon2idWithOwaspParametersInPhcForm() {
        PasswordHasher owasp = new PasswordHasher();
        String phc = owasp.hash("pw");

        assertThat(owasp.params()).isEqualTo(new PasswordHasher.Params(19 * 1024, 2, 1));
        assertThat(phc).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(owasp.verify("pw", phc)).isTrue();
    }

    @Test
    void aHashMadeWithOtherParametersStillVerifiesAndAsksToBeRenewed() {
        String old = cheap.hash("pw");
        PasswordHasher stronger = new PasswordHasher(new PasswordHasher.Params(2048, 2, 1));

        assertThat(stronger.verify("pw", old)).isTrue();
        assertThat(stronger.needsRehash(old)).isTrue();
        assertThat(stronger.needsRehash(stronger.hash("pw"))).isFalse();
    }

    @Test
    void somethingThatIsNotOurHashVerifiesNothing() {
        assertThat(cheap.verify("pw", null)).isFalse();
        assertThat(cheap.verify("pw", "")).isFalse();
        assertThat(cheap.verify("pw", "pw")).isFalse();
        assertThat(cheap.verify("pw", "$2a$10$abcdefghijklmnopqrstuv")).isFalse();
        assertThat(cheap.verify("pw", cheap.hash("pw").replace("argon2id", "argon2i"))).isFalse();
    }
}
