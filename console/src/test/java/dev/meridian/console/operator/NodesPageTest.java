package dev.meridian.console.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.console.node.NodeRegistry;
import dev.meridian.console.testing.PortalClient;
import dev.meridian.console.testing.TestConsole;
import dev.meridian.uplink.wire.NodeRegistration;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodesPageTest {
    @TempDir
    Path stateDir;

    @Test
    void listsReportedNodesWithBacklogAndDropsAndConfiguredOnesThatNeverReported() throws Exception {
        try (TestConsole console = TestConsole.start(stateDir, TestConsole.unusedPort(), "")) {
            console.addOperator("olga", "olga-password-1");
            try (Connection c = console.server().database().dataSource().getConnection();
                 PreparedStatement insert = c.prepareStatement("INSERT INTO nodes (id, role, last_report, spool_batches, spool_bytes, "
                         + "dropped_minutes) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Object[] row : new Object[][] {{"sjc", "EDGE", 3L, 4096L, 17L}, {"retired", "EDGE", 0L, 0L, 0L}}) {
                    insert.setString(1, (String) row[0]);
                    insert.setString(2, (String) row[1]);
                    insert.setTimestamp(3, Timestamp.from(Instant.now().minusSeconds(30)));
                    insert.setLong(4, (Long) row[2]);
                    insert.setLong(5, (Long) row[3]);
                    insert.setLong(6, (Long) row[4]);
                    insert.executeUpdate();
                }
            }
            new NodeRegistry(console.server().database()).register(new NodeRegistration("sjc", "edge",
                    "http://127.0.0.11:9080", "test", 7, true), Instant.now().minusSeconds(5));
            try (PortalClient olga = console.client()) {
                olga.login("olga", "olga-password-1");
                String body = olga.get("/operator/nodes").body();

                String sjc = body.substring(body.indexOf("<td>sjc"), body.indexOf("</tr>", body.indexOf("<td>sjc")));
                assertThat(sjc).contains("edge", "s ago", "<td class=\"num\">3</td>", "4096", "17", "serving",
                        "<a href=\"/operator/config/7\">7</a>");
                String gtm = body.substring(body.indexOf("<td>gtm"), body.indexOf("</tr>", body.indexOf("<td>gtm")));
                assertThat(gtm).contains("never");
                assertThat(body).contains("retired <span class=\"muted\">(no longer configured)</span>");
            }
        }
    }

    @Test
    void agesReadAsSecondsMinutesHoursOrDays() {
        Instant now = Instant.parse("2026-01-02T00:00:00Z");

        assertThat(NodesPage.ago(null, now)).isEqualTo("never");
        assertThat(NodesPage.ago(now.minusSeconds(42), now)).isEqualTo("42 s ago");
        assertThat(NodesPage.ago(now.plusSeconds(3), now)).as("a clock ahead of ours").isEqualTo("0 s ago");
        assertThat(NodesPage.ago(now.minus(Duration.ofMinutes(5)), now)).isEqualTo("5 min ago");
        assertThat(NodesPage.ago(now.minus(Duration.ofHours(5)), now)).isEqualTo("5 h ago");
        assertThat(NodesPage.ago(now.minus(Duration.ofDays(5)), now)).isEqualTo("5 days ago");
    }
}
