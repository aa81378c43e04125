package dev.meridian.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.util.ClassUtil;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a YAML config into {@link MeridianConfig}: substitutes {@code ${ENV}} references (so secrets
 * stay out of the file), binds to the records, then validates. Binding and validation problems are
 * gathered together so one attempt reports every error, each with its path in the file.
 */
public final class ConfigLoader {
    /** The config the demo runs on, embedded in the jar from {@code conf/demo.yaml}. */
    public static final String DEMO_RESOURCE = "meridian/demo.yaml";

    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Function<String, String> env;

    public ConfigLoader() {
        this(System::getenv);
    }

    public ConfigLoader(Function<String, String> env) {
        this.env = env;
    }

    public MeridianConfig load(Path file) throws ConfigException {
        try (InputStream in = Files.newInputStream(file)) {
            return load(file.toString(), in);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new ConfigError(ConfigPath.root(), "cannot read: " + e.getMessage())));
        }
    }

    public MeridianConfig loadDemo() throws ConfigException {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEMO_RESOURCE + " is missing from the classpath");
            }
            return load("demo.yaml (embedded)", in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A config written inline, as tests and tools build them; {@code source} names it in errors. */
    public MeridianConfig loadYaml(String source, String yaml) throws ConfigException {
        return load(source, new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    public MeridianConfig load(String source, InputStream yaml) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        JsonNode tree;
        try {
            tree = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null
                    ? "line " + jpe.getLocation().getLineNr() + ": " : "";
            throw new ConfigException(source, List.of(new ConfigError(ConfigPath.root(),
                    "not valid YAML: " + where + firstLine(e.getMessage()))));
        }
        if (tree == null || !tree.isObject()) {
            throw new ConfigException(source, List.of(new ConfigError(ConfigPath.root(), "empty or not a mapping")));
        }
        substituteEnv(tree, ConfigPath.root(), errors);

        MeridianConfig config;
        try {
            config = binder(errors).treeToValue(tree, MeridianConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            errors.add(new ConfigError(ConfigPath.root(), firstLine(e.getMessage())));
            throw new ConfigException(source, errors);
        }
        ConfigErrors validation = new ConfigErrors();
        config.validate(ConfigPath.root(), validation);
        errors.addAll(validation.list());
        if (!errors.isEmpty()) {
            throw new ConfigException(source, errors);
        }
        return config;
    }

    private void substituteEnv(JsonNode node, ConfigPath path, List<ConfigError> errors) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                ConfigPath at = path.field(field.getKey());
                if (field.getValue().isTextual()) {
                    field.setValue(new TextNode(expand(field.getValue().asText(), at, errors)));
                } else {
                    substituteEnv(field.getValue(), at, errors);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, new TextNode(expand(array.get(i).asText(), path.index(i), errors)));
                } else {
                    substituteEnv(array.get(i), path.index(i), errors);
                }
            }
        }
    }

    private String expand(String text, ConfigPath at, List<ConfigError> errors) {
        Matcher m = ENV_REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                // Name the variable, never a value: this may be a secret's slot.
                errors.add(new ConfigError(at, "environment variable " + m.group(1) + " is not set"));
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static ObjectMapper binder(List<ConfigError> errors) {
        SimpleModule values = new SimpleModule("meridian-config-values")
                .addDeserializer(Duration.class, new TextValueDeserializer<>(Duration.class, Durations::parse))
                .addDeserializer(ByteSize.class, new TextValueDeserializer<>(ByteSize.class, ByteSize::parse))
                .addDeserializer(HostPort.class, new TextValueDeserializer<>(HostPort.class, HostPort::parse));
        return JsonMapper.builder()
                .addModule(values)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // A closed set's values are words, and a word's case carries no meaning in a config.
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .addHandler(new CollectingProblemHandler(errors))
                .build();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static ConfigPath pathOf(JsonParser p) {
        return ConfigPath.fromPointer(p.getParsingContext().pathAsPointer().toString());
    }

    /** Parses a scalar with a value type's own parser; a bad value becomes a recorded error. */
    private static final class TextValueDeserializer<T> extends JsonDeserializer<T> {
        private final Class<T> type;
        private final Function<String, T> parse;

        TextValueDeserializer(Class<T> type, Function<String, T> parse) {
            this.type = type;
            this.parse = parse;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.currentToken().isScalarValue()) {
                return (T) ctxt.handleUnexpectedToken(type, p);
            }
            // A bare number is seconds for durations and bytes for sizes.
            String text = p.getText();
            if (type == Duration.class && p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                text = text + "s";
            }
            try {
                return parse.apply(text);
            } catch (RuntimeException e) {
                return (T) ctxt.handleWeirdStringValue(type, text, e.getMessage());
            }
        }
    }

    /** Records binding problems with their path and lets binding carry on to find the rest. */
    private static final class CollectingProblemHandler extends DeserializationProblemHandler {
        private final List<ConfigError> errors;

        CollectingProblemHandler(List<ConfigError> errors) {
            this.errors = errors;
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                             Object beanOrClass, String propertyName) throws IOException {
            errors.add(new ConfigError(pathOf(p), "unknown field"));
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String valueToConvert,
                                             String failureMsg) {
            String problem = targetType.isEnum() ? "must be one of " + configNames(targetType) : failureMsg;
            errors.add(new ConfigError(pathOf(ctxt.getParser()), quote(valueToConvert) + ": " + problem));
            return emptyValue(targetType);
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number valueToConvert,
                                             String failureMsg) {
            errors.add(new ConfigError(pathOf(ctxt.getParser()), valueToConvert + ": " + failureMsg));
            return emptyValue(targetType);
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
                                            String failureMsg) throws IOException {
            errors.add(new ConfigError(pathOf(p), "expected " + describe(targetType) + ", found " + describe(t)));
            p.skipChildren();
            return emptyValue(targetType.getRawClass());
        }

        /** A closed set's values as a config spells them ({@link JsonProperty} names), in declaration order. */
        private static List<String> configNames(Class<?> enumType) {
            return Stream.of(enumType.getFields()).filter(Field::isEnumConstant).map(f -> {
                JsonProperty name = f.getAnnotation(JsonProperty.class);
                return name != null ? name.value() : f.getName();
            }).toList();
        }

        /** A placeholder for a rejected value; validation never sees it because the load already failed. */
        private static Object emptyValue(Class<?> type) {
            return type.isPrimitive() ? ClassUtil.defaultValue(type) : null;
        }

        private static String quote(String s) {
            return s.length() > 80 ? "\"" + s.substring(0, 80) + "...\"" : "\"" + s + "\"";
        }

        private static String describe(JavaType type) {
            if (type.isCollectionLikeType()) {
                return "a list";
            }
            if (type.isMapLikeType() || type.isRecordType() || !type.isPrimitive() && !type.getRawClass().getName().startsWith("java.")) {
                return "a mapping";
            }
            return "a " + type.getRawClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        }

        private static String describe(JsonToken t) {
            return switch (t) {
                case START_ARRAY -> "a list";
                case START_OBJECT -> "a mapping";
                case VALUE_STRING -> "text";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                default -> t.toString();
            };
        }
    }
}
