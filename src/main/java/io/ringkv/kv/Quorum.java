package io.ringkv.kv;

import java.util.Locale;

/**
 * How many replicas must answer: a number, or {@code one}, {@code quorum} (a majority of n) or
 * {@code all}, resolved against a bucket's n. Zero is allowed where the setting is optional (pr,
 * pw, dw).
 */
public record Quorum(Kind kind, int count) {
    /** The symbolic forms and the literal one. */
    public enum Kind {
        ONE,
        QUORUM,
        ALL,
        NUMBER
    }

    public static final Quorum ONE = new Quorum(Kind.ONE, 0);
    public static final Quorum QUORUM = new Quorum(Kind.QUORUM, 0);
    public static final Quorum ALL = new Quorum(Kind.ALL, 0);

    public Quorum {
        if (kind == null) {
            throw new IllegalArgumentException("quorum kind is null");
        }
        if (kind == Kind.NUMBER && count < 0) {
            throw new IllegalArgumentException("a quorum can't be negative: " + count);
        }
        if (kind != Kind.NUMBER) {
            count = 0;
        }
    }

    public static Quorum of(int count) {
        return new Quorum(Kind.NUMBER, count);
    }

    /**
     * Reads {@code one}, {@code quorum}, {@code all} (any case) or a non-negative number.
     *
     * @throws IllegalArgumentException naming the text when it is none of those
     */
    public static Quorum parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "one":
                return ONE;
            case "quorum":
                return QUORUM;
            case "all":
                return ALL;
            default:
                try {
                    int n = Integer.parseInt(t);
                    if (n >= 0) {
                        return of(n);
                    }
                } catch (NumberFormatException e) {
                    // fall through to the error below
                }
                throw new IllegalArgumentException(
                        "'" + text + "' is not a replica count: use a number, one, quorum or all");
        }
    }

    /** The number of replicas this means for a key with {@code n} replicas. */
    public int resolve(int n) {
        return switch (kind) {
            case ONE -> 1;
            case QUORUM -> n / 2 + 1;
            case ALL -> n;
            case NUMBER -> count;
        };
    }

    @Override
    public String toString() {
        return kind == Kind.NUMBER ? Integer.toString(count) : kind.name().toLowerCase(Locale.ROOT);
    }
}
