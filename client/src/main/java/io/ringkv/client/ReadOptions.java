package io.ringkv.client;

/**
 * Per-read parameters; each left unset takes the bucket's (immutable: every {@code with} returns a
 * copy).
 */
public final class ReadOptions {
    private static final ReadOptions DEFAULTS = new ReadOptions(null, null, null, null);

    private final Quorum r;
    private final Quorum pr;
    private final Boolean sloppy;
    private final String ifNoneMatch;

    private ReadOptions(Quorum r, Quorum pr, Boolean sloppy, String ifNoneMatch) {
        this.r = r;
        this.pr = pr;
        this.sloppy = sloppy;
        this.ifNoneMatch = ifNoneMatch;
    }

    public static ReadOptions defaults() {
        return DEFAULTS;
    }

    /** Replicas that must answer ({@code ?r=}). */
    public ReadOptions r(Quorum r) {
        return new ReadOptions(r, pr, sloppy, ifNoneMatch);
    }

    /** Of them, primaries ({@code ?pr=}). */
    public ReadOptions pr(Quorum pr) {
        return new ReadOptions(r, pr, sloppy, ifNoneMatch);
    }

    /** Whether fallbacks count toward the quorum ({@code ?sloppy=}). */
    public ReadOptions sloppy(boolean sloppy) {
        return new ReadOptions(r, pr, sloppy, ifNoneMatch);
    }

    /** An entity tag from an earlier read: the answer is NOT_MODIFIED while it is current. */
    public ReadOptions ifNoneMatch(String etag) {
        if (etag != null && etag.isEmpty()) {
            throw new IllegalArgumentException("an entity tag must not be empty");
        }
        return new ReadOptions(r, pr, sloppy, etag);
    }

    Quorum r() {
        return r;
    }

    Quorum pr() {
        return pr;
    }

    Boolean sloppy() {
        return sloppy;
    }

    String ifNoneMatch() {
        return ifNoneMatch;
    }
}
