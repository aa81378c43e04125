package dev.meridian.console.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import org.junit.jupiter.api.Test;

class LineDiffTest {
    @Test
    void equalTextsHaveNoDiff() {
        assertThat(LineDiff.between("a\nb\n", "a\nb\n")).isEmpty();
    }

    @Test
    void aChangedLineShowsWithTwoLinesOfContextEachSide() {
        assertThat(LineDiff.between("1\n2\n3\n4\n5\n6\n7", "1\n2\n3\nfour\n5\n6\n7"))
                .containsExactly(" 2", " 3", "-4", "+four", " 5", " 6");
    }

    @Test
    void insertionsAndDeletionsKeepTheCommonLinesBetweenThem() {
        assertThat(LineDiff.between("a\nb\nc\nd", "a\nx\nb\nd"))
                .containsExactly(" a", "+x", " b", "-c", " d");
    }

    @Test
    void theFirstVersionIsAllAdded() {
        assertThat(LineDiff.between("", "a\nb")).containsExactly("+a", "+b");
    }

    @Test
    void aMiddleTooLargeToCompareIsShownReplacedWhole() {
        String before = String.join("\n", Collections.nCopies(2001, "x")) + "\nend";
        String after = String.join("\n", Collections.nCopies(2001, "y")) + "\nend";
        assertThat(LineDiff.between(before, after)).hasSize(2 * 2001 + 1)
                .startsWith("-x").endsWith("+y", " end");
    }
}
