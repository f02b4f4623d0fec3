package io.ringkv.sim;

import io.ringkv.kv.Dot;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.kv.WriteId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every client operation of a simulation run: when it was invoked and completed, what it sent and
 * what came back. Outcomes are also fed to the {@link Trace}.
 */
public final class History {

    /** What a client asked for. */
    public enum Kind {
        GET,
        PUT,
        DELETE
    }

    /** How an operation ended: a write that failed at quorum may still have been applied (UNKNOWN). */
    public enum Outcome {
        PENDING,
        OK,
        FAIL,
        UNKNOWN
    }

    /** One client operation. Fields after {@code invokedAt} are set when it completes. */
    public static final class Op {
        public final int id;
        public final Kind kind;
        public final String node;
        public final String key;
        /** The value a PUT wrote (unique per run), null otherwise. */
        public final String value;
        /** The context a write sent: empty for a blind write. */
        public final VersionVector context;

        public final int r;
        public final int w;
        public final long invokedAt;

        public long completedAt = Long.MAX_VALUE;
        public Outcome outcome = Outcome.PENDING;
        /** The dot an acknowledged write was given. */
        public Dot dot;
        /** What an acknowledged read found, or the versions an acknowledged write left. */
        public VersionedObject result;

        public String error;
        /** The earlier attempt of the same client write, when this one is the client's retry. */
        public Op retryOf;
        /** The write's identity, the same on the client's retry; null for a read. */
        public WriteId writeId;
        /** The write ids of the versions the read behind the context found (sent with the context). */
        public Set<WriteId> seenWriteIds = Set.of();

        Op(int id, Kind kind, String node, String key, String value, VersionVector context, int r, int w, long at) {
            this.id = id;
            this.kind = kind;
            this.node = node;
            this.key = key;
            this.value = value;
            this.context = context;
            this.r = r;
            this.w = w;
            this.invokedAt = at;
        }

        public boolean isWrite() {
            return kind != Kind.GET;
        }

        /** Whether the operation may have taken effect: acknowledged, or failed without certainty. */
        public boolean mayHaveHappened() {
            return outcome == Outcome.OK || outcome == Outcome.UNKNOWN || outcome == Outcome.PENDING;
        }

        @Override
        public String toString() {
            return "#" + id + " " + kind + " " + key + (value != null ? "=" + value : "") + " at " + node + " ctx="
                    + context + " r=" + r + " w=" + w + " [" + invokedAt / 1_000_000 + "ms.."
                    + (completedAt == Long.MAX_VALUE ? "?" : completedAt / 1_000_000 + "ms") + "] " + outcome
                    + (retryOf != null ? " retry of #" + retryOf.id : "")
                    + (dot != null ? " dot=" + dot : "") + (error != null ? " (" + error + ")" : "");
        }
    }

    private final List<Op> ops = new ArrayList<>();
    private final Trace trace;

    public History(Trace trace) {
        this.trace = trace;
    }

    public Op invoke(Kind kind, String node, String key, String value, VersionVector context, int r, int w, long at) {
        Op op = new Op(ops.size(), kind, node, key, value, context, r, w, at);
        ops.add(op);
        trace.record("invoke " + op);
        return op;
    }

    public void complete(Op op, Outcome outcome, Dot dot, VersionedObject result, String error, long at) {
        op.outcome = outcome;
        op.dot = dot;
        op.result = result;
        op.error = error;
        op.completedAt = at;
        trace.record("complete " + op + " " + result);
    }

    public List<Op> ops() {
        return ops;
    }

    public long count(Kind kind, Outcome outcome) {
        return ops.stream().filter(o -> o.kind == kind && o.outcome == outcome).count();
    }
}
