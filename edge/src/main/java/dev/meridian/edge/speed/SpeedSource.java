package dev.meridian.edge.speed;

/** Where a request's speed class came from, strongest signal first. */
public enum SpeedSource {
    COOKIE("cookie"),
    CLIENT_HINTS("client-hints"),
    EDGE("edge"),
    DEFAULT("default");

    private final String token;

    SpeedSource(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
