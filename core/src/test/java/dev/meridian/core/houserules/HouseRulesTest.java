package dev.meridian.core.houserules;

import static org.assertj.core.api.Assertions.assertThat;

import com.puppycrawl.tools.checkstyle.Checker;
import com.puppycrawl.tools.checkstyle.ConfigurationLoader;
import com.puppycrawl.tools.checkstyle.PropertiesExpander;
import com.puppycrawl.tools.checkstyle.api.AuditEvent;
import com.puppycrawl.tools.checkstyle.api.AuditListener;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The repository's checkstyle.xml (which every module's build runs) against a sample whose lines say
 * which rule must flag them: a rule that stops catching its case, or starts flagging strings, comments
 * or lookalikes, fails here rather than silently in every module.
 */
class HouseRulesTest {
    private static final Pattern MARK = Pattern.compile("// violation: (\\w+)$");

    @Test
    void flagsExactlyTheMarkedLines() throws Exception {
        File sample = resource("house-rules/Sample.java");
        List<String> expected = new ArrayList<>();
        List<String> lines = Files.readAllLines(sample.toPath());
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARK.matcher(lines.get(i));
            if (m.find()) {
                expected.add((i + 1) + " " + m.group(1));
            }
        }

        assertThat(audit(sample)).containsExactlyInAnyOrderElementsOf(expected).hasSize(11);
    }

    private static List<String> audit(File file) throws Exception {
        Path config = Path.of("..", "checkstyle.xml");
        Checker checker = new Checker();
        List<String> found = new ArrayList<>();
        try {
            checker.setModuleClassLoader(Checker.class.getClassLoader());
            checker.configure(ConfigurationLoader.loadConfiguration(config.toString(), new PropertiesExpander(new Properties())));
            checker.addListener(new AuditListener() {
                @Override
                public void addError(AuditEvent event) {
                    found.add(event.getLine() + " " + event.getModuleId());
                }

                @Override
                public void addException(AuditEvent event, Throwable throwable) {
                    throw new AssertionError("checkstyle failed on " + event.getFileName(), throwable);
                }

                @Override
                public void auditStarted(AuditEvent event) {
                }

                @Override
                public void auditFinished(AuditEvent event) {
                }

                @Override
                public void fileStarted(AuditEvent event) {
                }

                @Override
                public void fileFinished(AuditEvent event) {
                }
            });
            checker.process(List.of(file));
        } finally {
            checker.destroy();
        }
        return found;
    }

    private static File resource(String name) throws URISyntaxException {
        return new File(HouseRulesTest.class.getClassLoader().getResource(name).toURI());
    }
}
