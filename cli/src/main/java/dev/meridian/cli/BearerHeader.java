package dev.meridian.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A curl {@code -H 'Authorization: Bearer ...'} argument for a command printed to paste into a shell.
 * The token the running config holds is written out, so the command works as pasted. Two cases name a
 * shell variable instead, as {@code ${VAR:?note}} so that a shell without it stops with the note rather
 * than sending an empty token: a token that came from the environment (a secret kept out of the config
 * file is not to be echoed to a terminal), and no token in the config at all.
 *
 * @param argument the curl argument, quoted for a POSIX shell
 * @param note     what to do before pasting, or empty when the command works as it is
 */
record BearerHeader(String argument, Optional<String> note) {
    /**
     * @param token    the token the config holds, if any
     * @param variable the variable to name when the config has none (e.g. {@code ACME_TOKEN})
     * @param what     what the token is, for the notes (e.g. "one of customer acme's adminTokens")
     * @param env      the environment the config was loaded in
     */
    static BearerHeader of(Optional<String> token, String variable, String what, Map<String, String> env) {
        if (token.isEmpty()) {
            return reference(variable, "set " + variable + " to " + what,
                    "the config holds no such token: add " + what + " to it (and reload), then set " + variable);
        }
        Optional<String> from = environmentVariableHolding(token.get(), variable, env);
        if (from.isPresent()) {
            return reference(from.get(), "export " + from.get() + " as the demo has it",
                    "the token comes from $" + from.get() + " in the demo's environment: export it in this shell too");
        }
        return new BearerHeader(singleQuoted("Authorization: Bearer " + token.get()), Optional.empty());
    }

    /** The variable conventionally holding a customer's admin token: {@code ACME_TOKEN} for customer {@code acme}. */
    static String customerVariable(String customerId) {
        return customerId.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_TOKEN";
    }

    private static BearerHeader reference(String variable, String shellMessage, String note) {
        return new BearerHeader("\"Authorization: Bearer ${" + variable + ":?" + shellMessage + "}\"", Optional.of(note));
    }

    /** The variable whose value is the token: the expected one if it is, else the first by name. */
    private static Optional<String> environmentVariableHolding(String token, String expected, Map<String, String> env) {
        if (token.equals(env.get(expected))) {
            return Optional.of(expected);
        }
        return new TreeMap<>(env).entrySet().stream().filter(e -> token.equals(e.getValue()))
                .map(Map.Entry::getKey).filter(name -> name.matches("[A-Za-z_][A-Za-z0-9_]*")).findFirst();
    }

    private static String singleQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
