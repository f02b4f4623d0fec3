package io.ringkv.client;

/** Per-delete parameters; each left unset takes the bucket's (immutable). */
public final class DeleteOptions {
    private static final DeleteOptions DEFAULTS = new DeleteOptions(null, null, null, null, null);

    private final String context;
    private final Quorum w;
    private final Quorum pw;
    private final Quorum dw;
    private final Boolean sloppy;

    private DeleteOptions(String context, Quorum w, Quorum pw, Quorum dw, Boolean sloppy) {
        this.context = context;
        this.w = w;
        this.pw = pw;
        this.dw = dw;
        this.sloppy = sloppy;
    }

    public static DeleteOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The context of the read this delete follows: only the versions it saw are deleted. Without one
     * the delete removes every version the coordinating node holds.
     */
    public DeleteOptions context(String context) {
        if (context != null && context.isEmpty()) {
            throw new IllegalArgumentException("a context must not be empty (leave it unset)");
        }
        return new DeleteOptions(context, w, pw, dw, sloppy);
    }

    public DeleteOptions w(Quorum w) {
        return new DeleteOptions(context, w, pw, dw, sloppy);
    }

    public DeleteOptions pw(Quorum pw) {
        return new DeleteOptions(context, w, pw, dw, sloppy);
    }

    public DeleteOptions dw(Quorum dw) {
        return new DeleteOptions(context, w, pw, dw, sloppy);
    }

    public DeleteOptions sloppy(boolean sloppy) {
        return new DeleteOptions(context, w, pw, dw, sloppy);
    }

    String context() {
        return context;
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
