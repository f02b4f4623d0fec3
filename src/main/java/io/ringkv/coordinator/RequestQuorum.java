package io.ringkv.coordinator;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.Quorum;

/**
 * The replica counts one request asks for, and whether its write may use a sloppy quorum, each
 * overriding the bucket's when given (null: the bucket's).
 */
public record RequestQuorum(Quorum r, Quorum w, Quorum pr, Quorum pw, Quorum dw, Boolean sloppy) {
    public static final RequestQuorum BUCKET_DEFAULTS = new RequestQuorum(null, null, null, null, null);

    /** Counts with the bucket's sloppy quorum setting. */
    public RequestQuorum(Quorum r, Quorum w, Quorum pr, Quorum pw, Quorum dw) {
        this(r, w, pr, pw, dw, null);
    }

    /** This request with its sloppy quorum setting overridden. */
    public RequestQuorum withSloppy(boolean sloppyQuorum) {
        return new RequestQuorum(r, w, pr, pw, dw, sloppyQuorum);
    }

    /** Whether a write may count fallbacks (hinted writes) toward w. */
    public boolean sloppy(BucketProps props) {
        return sloppy != null ? sloppy : props.sloppyQuorum();
    }

    /**
     * The counts for a bucket with {@code props} in a cluster of {@code clusterSize} nodes.
     *
     * @throws IllegalArgumentException naming the setting when a count can never be met by the
     *     bucket's n (a client mistake)
     */
    public Resolved resolve(BucketProps props, int clusterSize) {
        int n = Math.min(props.n(), Math.max(1, clusterSize));
        int rr = count("r", pick(r, props.r()), props.n(), n, 1);
        int ww = count("w", pick(w, props.w()), props.n(), n, 1);
        int prr = count("pr", pick(pr, props.pr()), props.n(), n, 0);
        int pww = count("pw", pick(pw, props.pw()), props.n(), n, 0);
        int dww = count("dw", pick(dw, props.dw()), props.n(), n, 0);
        // A replica acknowledges only once its commit log policy is met, so every acknowledgement
        // is durable: dw counts the same acknowledgements as w. A request's own dw (or pw) can raise
        // its w; the bucket's default dw never raises a w the request asked for.
        int durable = dw != null ? dww : Math.min(dww, ww);
        return new Resolved(n, Math.max(rr, prr), Math.max(ww, Math.max(durable, pww)), prr, pww);
    }

    private static Quorum pick(Quorum override, Quorum bucket) {
        return override != null ? override : bucket;
    }

    /** Symbolic counts scale to the replicas that exist; a number is taken as given. */
    private static int count(String name, Quorum q, int bucketN, int n, int min) {
        if (q.kind() != Quorum.Kind.NUMBER) {
            return Math.max(min, q.resolve(n));
        }
        if (q.count() < min || q.count() > bucketN) {
            throw new IllegalArgumentException(
                    name + " must be between " + min + " and the bucket's n (" + bucketN + "), was " + q.count());
        }
        return q.count();
    }

    /**
     * Resolved counts.
     *
     * @param n replicas of the key in this cluster
     * @param r answers a read waits for
     * @param w acknowledgements a write waits for
     * @param pr of the read's answers, how many must come from primaries
     * @param pw of the write's acknowledgements, how many must come from primaries
     */
    public record Resolved(int n, int r, int w, int pr, int pw) {}
}
