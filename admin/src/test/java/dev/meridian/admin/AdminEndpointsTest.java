package dev.meridian.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AdminEndpointsTest {
    @Test
    void registryReportsHeapAndResidentSetSize() {
        String scrape = AdminEndpoints.newRegistry().scrape();
        assertThat(scrape).contains("jvm_memory_used_bytes{area=\"heap\"");
        Matcher rss = Pattern.compile("(?m)^process_resident_memory_bytes (\\S+)$").matcher(scrape);
        assertThat(rss.find()).as("RSS gauge in:\n%s", scrape).isTrue();
        if (System.getProperty("os.name").startsWith("Linux")) {
            // A JVM is never smaller than a few megabytes, nor bigger than the machine.
            assertThat(Double.parseDouble(rss.group(1))).isBetween(8e6, (double) Runtime.getRuntime().maxMemory() * 64);
        }
    }
}
