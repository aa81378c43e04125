package dev.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HangupTest {
    @Test
    void runsEveryActionInTheOrderRegisteredEvenPastOneThatFails() {
        List<String> ran = new ArrayList<>();
        Hangup hangup = new Hangup();
        hangup.add(() -> ran.add("reload"));
        hangup.add(() -> {
            throw new IllegalStateException("broken");
        });
        hangup.add(() -> ran.add("forward"));

        hangup.run();
        hangup.run();

        assertThat(ran).containsExactly("reload", "forward", "reload", "forward");
    }
}
