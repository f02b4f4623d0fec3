package io.ringkv.client;

/**
 * A replica count for a request ({@code r}, {@code w}, {@code pr}, {@code pw}, {@code dw}): a number
 * or {@code one}, {@code quorum} (a majority of the bucket's n), {@code all}. The node checks it
 * against the bucket's n and refuses one above it ({@code 400 invalid-parameter}).
 */
public final class Quorum {
    public static final Quorum ONE = new Quorum("one");
    public static final Quorum QUORUM = new Quorum("quorum");
    public static final Quorum ALL = new Quorum("all");

    /** The largest count the server takes (its largest n). */
    public static final int MAX = 16;

    private final String param;

    private Quorum(String param) {
        this.param = param;
    }

    /** A count from 0 to 16 (0 only means something for pr, pw and dw). */
    public static Quorum of(int count) {
        if (count < 0 || count > MAX) {
            throw new IllegalArgumentException("a replica count must be from 0 to " + MAX + ": " + count);
        }
        return new Quorum(Integer.toString(count));
    }

    /** A count as the API writes it: a number, one, quorum or all. */
    public static Quorum parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("a replica count must not be null");
        }
        switch (s.trim()) {
            case "one":
                return ONE;
            case "quorum":
                return QUORUM;
            case "all":
                return ALL;
            default:
                try {
                    return of(Integer.parseInt(s.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "a replica count is a number, one, quorum or all, was '" + s + "'");
                }
        }
    }

    /** The query parameter's value. */
    public String param() {
        return param;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quorum q && q.param.equals(param);
    }

    @Override
    public int hashCode() {
        return param.hashCode();
    }

    @Override
    public String toString() {
        return param;
    }
}
