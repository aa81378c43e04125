package dev.meridian.sample;

import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// Each line that checkstyle.xml must flag ends in "violation: <rule id>"; every other line must pass.
class Sample {
    private static final Logger LOG = LoggerFactory.getLogger(Sample.class); // violation: ClassLoggerName
    static final Logger log = LoggerFactory.getLogger(Sample.class); // violation: ClassLoggerName
    private static final Logger logger = LoggerFactory.getLogger("x.y"); // violation: NamedLoggerName
    private static final Logger access = LoggerFactory.getLogger("meridian.access");
    String s = "java.util.List and new java.util.ArrayList<>() in a string";
    // java.util.List in a comment, then a field whose type follows the comment
    java.util.List<String> b = List.of(); // violation: InlineQualifiedName
    List<String> a = new java.util.ArrayList<>(); // violation: InlineQualifiedName
    /** {@link java.util.Map} in Javadoc. */
    @org.junit.jupiter.api.Test // violation: InlineQualifiedName
    void t() {
    }
    Object c = dev.meridian.core.net.Cidr.class; // violation: InlineQualifiedName
    Object m = java.util.Map.Entry.class; // violation: InlineQualifiedName

    long size(FileChannel ch) throws java.io.IOException { // violation: InlineQualifiedName
        return ch.size();
    }

    String lower(String x) {
        return x.toLowerCase() + x.toUpperCase(Locale.ROOT); // violation: CaseMappingWithoutLocale
    }

    List<String> upper(List<String> x) {
        return x.stream().map(String::toUpperCase).toList(); // violation: CaseMappingWithoutLocale
    }

    char lower(char c) {
        return Character.toLowerCase(c);
    }
}
