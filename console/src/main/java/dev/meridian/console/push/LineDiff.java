package dev.meridian.console.push;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified-style line diff between two config versions, for the operator's record of who changed
 * what. Configs are small, so the longest common subsequence of the lines that differ (after the
 * common head and tail are set aside) is computed directly; past {@link #MAX_CELLS} the middle is
 * shown as replaced whole rather than spending quadratic time on it.
 */
final class LineDiff {
    static final long MAX_CELLS = 4_000_000;

    private LineDiff() {
    }

    /** Lines of the form {@code " same"}, {@code "-removed"}, {@code "+added"}; empty when equal. */
    static List<String> between(String before, String after) {
        String[] a = before.isEmpty() ? new String[0] : before.split("\n", -1);
        String[] b = after.isEmpty() ? new String[0] : after.split("\n", -1);
        int head = 0;
        while (head < a.length && head < b.length && a[head].equals(b[head])) {
            head++;
        }
        int tail = 0;
        while (tail < a.length - head && tail < b.length - head
                && a[a.length - 1 - tail].equals(b[b.length - 1 - tail])) {
            tail++;
        }
        List<String> out = new ArrayList<>();
        if (head == a.length && head == b.length) {
            return out;
        }
        for (int i = Math.max(0, head - 2); i < head; i++) {
            out.add(" " + a[i]);
        }
        middle(a, head, a.length - tail, b, head, b.length - tail, out);
        for (int i = a.length - tail; i < Math.min(a.length, a.length - tail + 2); i++) {
            out.add(" " + a[i]);
        }
        return out;
    }

    private static void middle(String[] a, int a0, int a1, String[] b, int b0, int b1, List<String> out) {
        int n = a1 - a0;
        int m = b1 - b0;
        if ((long) n * m > MAX_CELLS) {
            for (int i = a0; i < a1; i++) {
                out.add("-" + a[i]);
            }
            for (int j = b0; j < b1; j++) {
                out.add("+" + b[j]);
            }
            return;
        }
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a[a0 + i].equals(b[b0 + j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[a0 + i].equals(b[b0 + j])) {
                out.add(" " + a[a0 + i]);
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                // Removals before additions, as diff(1) shows a changed line.
                out.add("-" + a[a0 + i]);
                i++;
            } else {
                out.add("+" + b[b0 + j]);
                j++;
            }
        }
    }
}
