package dev.meridian.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.console.db.Database;
import dev.meridian.console.testing.InMemoryH2;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.PortalConfig;
import dev.meridian.probe.ManualClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionStoreTest {
    private static final PortalConfig PORTAL = new PortalConfig(Duration.ofMinutes(30), Duration.ofHours(12), null);

    private final ManualClock clock = ManualClock.atEpochPlus(Duration.ZERO);
    private Database db;
    private SessionStore sessions;
    private User alice;
    private User olga;

    @BeforeEach
    void open() {
        db = InMemoryH2.open();
        sessions = new SessionStore(db.dataSource(), clock, () -> PORTAL);
        Users users = new Users(db.dataSource(), clock);
        alice = users.add("Alice", Viewer.Role.CUSTOMER, "acme", "$argon2id$not-checked-here");
        olga = users.add("olga", Viewer.Role.OPERATOR, null, "$argon2id$not-checked-here");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aSessionShowsItsUserScopedToTheirCustomer() {
        String id = sessions.create(alice);

        Viewer viewer = sessions.find(id).orElseThrow().viewer();
        assertThat(viewer.user()).isEqualTo("alice");
        assertThat(viewer.role()).isEqualTo(Viewer.Role.CUSTOMER);
        assertThat(viewer.customer()).isEqualTo("acme");
        assertThat(viewer.csrfToken()).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(id);
        assertThat(sessions.find(id + "x")).isEmpty();
        assertThat(sessions.find("")).isEmpty();
    }

    @Test
    void theIdIs256RandomBitsAndOnlyItsHashIsStored() throws Exception {
        String id = sessions.create(alice);

        assertThat(id).matches("[A-Za-z0-9_-]{43}");
        assertThat(sessions.create(alice)).isNotEqualTo(id);
        List<String> stored = column("SELECT id_hash FROM sessions");
        assertThat(stored).hasSize(2).contains(SessionStore.hash(id)).doesNotContain(id);
        assertThat(stored).allSatisfy(h -> assertThat(h).matches("[0-9a-f]{64}"));
    }

    @Test
    void aSessionUnusedForTheIdleTimeoutIsOver() {
        String id = sessions.create(alice);

        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(id)).isPresent();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(id)).as("used 29 min ago").isPresent();
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.find(id)).isEmpty();
    }

    @Test
    void aSessionInUseEndsAtTheAbsoluteTimeoutAnyway() {
        String id = sessions.create(alice);

        for (int i = 0; i < 12 * 4 - 1; i++) {
            clock.advance(Duration.ofMinutes(15));
            assertThat(sessions.find(id)).as("after %d min", (i + 1) * 15).isPresent();
        }
        clock.advance(Duration.ofMinutes(15));
        assertThat(sessions.find(id)).as("12 h after login").isEmpty();
    }

    @Test
    void deletingASessionLogsItOutAndNoOtherSession() {
        String one = sessions.create(alice);
        String two = sessions.create(alice);

        sessions.delete(sessions.find(one).orElseThrow().idHash());

        assertThat(sessions.find(one)).isEmpty();
        assertThat(sessions.find(two)).isPresent();
    }

    @Test
    void anOperatorSeesEveryCustomerUntilChoosingOne() {
        String id = sessions.create(olga);
        SessionStore.Active active = sessions.find(id).orElseThrow();
        assertThat(active.viewer().operator()).isTrue();
        assertThat(active.viewer().customer()).isNull();

        sessions.chooseCustomer(active.idHash(), "globex");

        assertThat(sessions.find(id).map(a -> a.viewer().customer())).contains("globex");
    }

    @Test
    void aCustomerUserStaysWithTheirCustomerWhateverTheSessionRowSays() {
        String id = sessions.create(alice);

        sessions.chooseCustomer(sessions.find(id).orElseThrow().idHash(), "globex");

        assertThat(sessions.find(id).map(a -> a.viewer().customer())).contains("acme");
    }

    @Test
    void aDisabledUsersSessionsStopWorking() throws Exception {
        String id = sessions.create(alice);

        update("UPDATE users SET disabled = TRUE WHERE login = 'alice'");

        assertThat(sessions.find(id)).isEmpty();
    }

    @Test
    void expiredSessionsAreSweptAndLiveOnesKept() throws Exception {
        sessions.create(alice);
        clock.advance(Duration.ofMinutes(20));
        String live = sessions.create(olga);
        clock.advance(Duration.ofMinutes(15));

        assertThat(sessions.purgeExpired()).isEqualTo(1);
        assertThat(column("SELECT id_hash FROM sessions")).containsExactly(SessionStore.hash(live));
        Optional<SessionStore.Active> found = sessions.find(live);
        assertThat(found).isPresent();
    }

    private List<String> column(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private void update(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
