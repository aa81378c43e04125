package dev.meridian.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules of a robots.txt that apply to the preloader: the group for {@code meridian-preload} if
 * there is one, else the {@code *} group. The longest matching Allow or Disallow path wins (ties go
 * to Allow), as in RFC 9309, with its {@code *} (any characters) and {@code $} (end of path).
 */
final class RobotsTxt {
    static final String AGENT = "meridian-preload";

    private record Rule(String path, Pattern pattern, boolean allow) {
        static Rule of(String path, boolean allow) {
            StringBuilder regex = new StringBuilder();
            boolean anchored = path.endsWith("$");
            String body = anchored ? path.substring(0, path.length() - 1) : path;
            for (String part : body.split("\\*", -1)) {
                if (regex.length() > 0) {
                    regex.append(".*");
                }
                regex.append(Pattern.quote(part));
            }
            return new Rule(path, Pattern.compile(regex + (anchored ? "" : ".*"), Pattern.DOTALL), allow);
        }

        boolean matches(String p) {
            return pattern.matcher(p).matches();
        }
    }

    private final List<Rule> rules;

    private RobotsTxt(List<Rule> rules) {
        this.rules = rules;
    }

    static RobotsTxt allowAll() {
        return new RobotsTxt(List.of());
    }

    static RobotsTxt parse(String text) {
        List<Rule> star = new ArrayList<>();
        List<Rule> ours = new ArrayList<>();
        List<String> agents = new ArrayList<>();
        boolean inRules = false;
        boolean sawOurs = false;
        for (String raw : text.split("\r?\n")) {
            String line = raw.replaceFirst("#.*", "").trim();
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String field = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (field.equals("user-agent")) {
                if (inRules) {
                    agents.clear();
                    inRules = false;
                }
                agents.add(value.toLowerCase(Locale.ROOT));
                sawOurs |= value.equalsIgnoreCase(AGENT);
            } else if (field.equals("allow") || field.equals("disallow")) {
                inRules = true;
                if (value.isEmpty()) {
                    continue;
                }
                Rule rule = Rule.of(value, field.equals("allow"));
                if (agents.contains(AGENT)) {
                    ours.add(rule);
                }
                if (agents.contains("*")) {
                    star.add(rule);
                }
            }
        }
        return new RobotsTxt(sawOurs ? ours : star);
    }

    boolean allows(String path) {
        Rule best = null;
        for (Rule r : rules) {
            if (r.matches(path)
                    && (best == null || r.path().length() > best.path().length() || (r.path().length() == best.path().length() && r.allow()))) {
                best = r;
            }
        }
        return best == null || best.allow();
    }
}
