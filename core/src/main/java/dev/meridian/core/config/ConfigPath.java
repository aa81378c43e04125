package dev.meridian.core.config;

/**
 * Where a value sits in the config file, printed the way a user would look for it:
 * {@code customers[0].properties[1].origins[0].url}.
 */
public final class ConfigPath {
    private static final ConfigPath ROOT = new ConfigPath("");
    private final String text;

    private ConfigPath(String text) {
        this.text = text;
    }

    public static ConfigPath root() {
        return ROOT;
    }

    public ConfigPath field(String name) {
        return new ConfigPath(text.isEmpty() ? name : text + "." + name);
    }

    public ConfigPath index(int i) {
        return new ConfigPath(text + "[" + i + "]");
    }

    /** Converts a JSON pointer ({@code /customers/0/host}) as Jackson reports it. */
    public static ConfigPath fromPointer(String pointer) {
        ConfigPath path = ROOT;
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            String name = part.replace("~1", "/").replace("~0", "~");
            path = name.chars().allMatch(Character::isDigit) ? path.index(Integer.parseInt(name)) : path.field(name);
        }
        return path;
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "(root)" : text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigPath other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
