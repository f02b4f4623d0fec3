package io.ringkv.membership;

/** A cluster change the claimant refuses, with the kind of refusal and the reason naming what was wrong. */
public final class ClusterChangeRefusedException extends RuntimeException {
    /** What kind of mistake it is; the edge answers 400, 404 or 409 for them. */
    public enum Kind {
        BAD_REQUEST,
        NOT_FOUND,
        CONFLICT
    }

    private final Kind kind;

    public ClusterChangeRefusedException(Kind kind, String reason) {
        super(reason);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static ClusterChangeRefusedException conflict(String reason) {
        return new ClusterChangeRefusedException(Kind.CONFLICT, reason);
    }

    static ClusterChangeRefusedException notFound(String reason) {
        return new ClusterChangeRefusedException(Kind.NOT_FOUND, reason);
    }

    static ClusterChangeRefusedException badRequest(String reason) {
        return new ClusterChangeRefusedException(Kind.BAD_REQUEST, reason);
    }
}
