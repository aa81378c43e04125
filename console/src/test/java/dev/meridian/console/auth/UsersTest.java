package dev.meridian.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.console.db.Database;
import dev.meridian.console.testing.InMemoryH2;
import dev.meridian.console.web.Viewer;
import dev.meridian.probe.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UsersTest {
    private final ManualClock clock = ManualClock.atEpochPlus(Duration.ZERO);
    private Database db;
    private Users users;

    @BeforeEach
    void open() {
        db = InMemoryH2.open();
        users = new Users(db.dataSource(), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void usersAreStoredWithTheirRoleAndCustomerAndFoundInAnyCase() {
        users.add("Alice", Viewer.Role.CUSTOMER, "acme", "$argon2id$x");
        users.add("olga@example.net", Viewer.Role.OPERATOR, null, "$argon2id$y");

        User alice = users.find("ALICE").orElseThrow();
        assertThat(alice.login()).isEqualTo("alice");
        assertThat(alice.customer()).isEqualTo("acme");
        assertThat(alice.passwordHash()).isEqualTo("$argon2id$x");
        assertThat(alice.created()).isEqualTo(clock.instant());
        assertThat(alice.disabled()).isFalse();
        assertThat(users.list()).extracting(User::login).containsExactly("alice", "olga@example.net");
        assertThat(users.find("nobody")).isEmpty();
        assertThat(users.find("not a login!")).isEmpty();
    }

    @Test
    void aLoginIsTakenOnceAndMustBeSimpleText() {
        users.add("alice", Viewer.Role.CUSTOMER, "acme", "h");

        assertThatThrownBy(() -> users.add("Alice", Viewer.Role.OPERATOR, null, "h")).hasMessageContaining("taken");
        assertThatThrownBy(() -> users.add("al ice", Viewer.Role.OPERATOR, null, "h")).hasMessageContaining("a login is");
        assertThatThrownBy(() -> users.add("x".repeat(65), Viewer.Role.OPERATOR, null, "h")).hasMessageContaining("a login is");
    }

    @Test
    void aCustomerUserNeedsACustomerAndAnOperatorHasNone() {
        assertThatThrownBy(() -> users.add("alice", Viewer.Role.CUSTOMER, null, "h")).hasMessageContaining("needs a customer");
        assertThatThrownBy(() -> users.add("olga", Viewer.Role.OPERATOR, "acme", "h")).hasMessageContaining("no customer");
    }

    @Test
    void aNewHashReplacesTheOld() {
        User alice = users.add("alice", Viewer.Role.CUSTOMER, "acme", "old");

        users.updateHash(alice.id(), "new");

        assertThat(users.find("alice").orElseThrow().passwordHash()).isEqualTo("new");
    }
}
