package io.ringkv.client;

import java.time.Duration;

/**
 * Per-write parameters of a put; each left unset takes the bucket's or the API's default
 * (immutable: every {@code with} returns a copy).
 */
public final class WriteOptions {
    /** The longest time to live the server takes: 20 years of 365 days (it refuses longer ones). */
    public static final Duration MAX_TTL = Duration.ofDays(20 * 365);

    private static final WriteOptions DEFAULTS =
            new WriteOptions(null, null, false, null, false, null, null, null, null);

    private final String context;
    private final String contentType;
    private final boolean ifAbsent;
    private final Duration ttl;
    private final boolean returnBody;
    private final Quorum w;
    private final Quorum pw;
    private final Quorum dw;
    private final Boolean sloppy;

    private WriteOptions(
            String context,
            String contentType,
            boolean ifAbsent,
            Duration ttl,
            boolean returnBody,
            Quorum w,
            Quorum pw,
            Quorum dw,
            Boolean sloppy) {
        this.context = context;
        this.contentType = contentType;
        this.ifAbsent = ifAbsent;
        this.ttl = ttl;
        this.returnBody = returnBody;
        this.w = w;
        this.pw = pw;
        this.dw = dw;
        this.sloppy = sloppy;
    }

    public static WriteOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The causal context of the read this write follows ({@link Versions#context()}): the write then
     * replaces exactly the versions read. Without one, the write does not overwrite versions it has
     * not seen (they become siblings), but for a key that reads as absent.
     */
    public WriteOptions context(String context) {
        if (context != null && context.isEmpty()) {
            throw new IllegalArgumentException("a context must not be empty (leave it unset)");
        }
        return new WriteOptions(context, contentType, ifAbsent, ttl, returnBody, w, pw, dw, sloppy);
    }

    /** The value's media type ({@code application/octet-stream} when unset). */
    public WriteOptions contentType(String contentType) {
        if (contentType != null && contentType.isBlank()) {
            throw new IllegalArgumentException("a content type must not be blank (leave it unset)");
        }
        return new WriteOptions(context, contentType, ifAbsent, ttl, returnBody, w, pw, dw, sloppy);
    }

    /** Write only if the key has no live value ({@code If-None-Match: *}); else KeyExists. */
    public WriteOptions ifAbsent(boolean ifAbsent) {
        return new WriteOptions(context, contentType, ifAbsent, ttl, returnBody, w, pw, dw, sloppy);
    }

    /** The value expires after this long: whole seconds, from 1 second to {@link #MAX_TTL}. */
    public WriteOptions ttl(Duration ttl) {
        if (ttl != null) {
            if (ttl.getNano() != 0 || ttl.getSeconds() < 1 || ttl.compareTo(MAX_TTL) > 0) {
                throw new IllegalArgumentException(
                        "a time to live is whole seconds from 1 to " + MAX_TTL.getSeconds() + ": " + ttl);
            }
        }
        return new WriteOptions(context, contentType, ifAbsent, ttl, returnBody, w, pw, dw, sloppy);
    }

    /** Answer with what is stored after the write (the write result then carries {@link Versions}). */
    public WriteOptions returnBody(boolean returnBody) {
        return new WriteOptions(context, contentType, ifAbsent, ttl, returnBody, w, pw, dw, sloppy);
    }

    /** Replicas that must acknowledge ({@code ?w=}). */
    public WriteOptions w(Quorum w) {
        return new WriteOptions(context, contentType, ifAbsent, ttl, returnBody, w, pw, dw, sloppy);
    }

    /** Of them, primaries ({@code ?pw=}). */
    public WriteOptions pw(Quorum pw) {
        return new WriteOptions(context, contentType, ifAbsent, ttl, returnBody, w, pw, dw, sloppy);
    }

    /** Of them, durably ({@code ?dw=}). */
    public WriteOptions dw(Quorum dw) {
        return new WriteOptions(context, contentType, ifAbsent, ttl, returnBody, w, pw, dw, sloppy);
    }

    /** Whether fallbacks may take the writes of unreachable replicas ({@code ?sloppy=}). */
    public WriteOptions sloppy(boolean sloppy) {
        return new WriteOptions(context, contentType, ifAbsent, ttl, returnBody, w, pw, dw, sloppy);
    }

    String context() {
        return context;
    }

    String contentType() {
        return contentType;
    }

    boolean ifAbsent() {
        return ifAbsent;
    }

    Duration ttl() {
        return ttl;
    }

    boolean returnBody() {
        return returnBody;
    }

    Quorum w() {
        return w;
    }

    Quorum pw() {
        return pw;
    }

    Quorum dw() {
        return dw;
    }

    Boolean sloppy() {
        return sloppy;
    }
}
