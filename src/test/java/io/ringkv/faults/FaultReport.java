package io.ringkv.faults;

import java.util.ArrayList;
import java.util.List;

/** The counts a {@link FaultChecker} finds for one bucket, with the first few examples of each. */
final class FaultReport {
    private static final int EXAMPLES = 5;

    private final String bucket;
    int writesAcked;
    int writesUnknown;
    int writesFailed;
    int deletesAcked;
    int readsOk;
    int readsFailed;
    int quietReads;
    int lost;
    int unwritten;
    int stale;
    int falseSiblings;
    int duplicates;
    int resurrected;
    final List<String> examples = new ArrayList<>();

    FaultReport(String bucket) {
        this.bucket = bucket;
    }

    String bucket() {
        return bucket;
    }

    void count(Op o) {
        switch (o.kind()) {
            case READ -> {
                if (o.ok()) {
                    readsOk++;
                } else {
                    readsFailed++;
                }
            }
            case WRITE -> {
                switch (o.outcome()) {
                    case OK -> writesAcked++;
                    case UNKNOWN -> writesUnknown++;
                    case FAIL -> writesFailed++;
                }
            }
            case DELETE -> {
                if (o.ok()) {
                    deletesAcked++;
                }
            }
        }
    }

    void quietRead() {
        quietReads++;
    }

    void lost(String what) {
        lost++;
        example("lost", lost, what);
    }

    void unwritten(String what) {
        unwritten++;
        example("unwritten", unwritten, what);
    }

    void stale(String what) {
        stale++;
        example("stale", stale, what);
    }

    void falseSibling(String what) {
        falseSiblings++;
        example("false sibling", falseSiblings, what);
    }

    void duplicate(String what) {
        duplicates++;
        example("duplicate", duplicates, what);
    }

    void resurrected(String what) {
        resurrected++;
        example("resurrected", resurrected, what);
    }

    private void example(String kind, int count, String what) {
        if (count <= EXAMPLES) {
            examples.add(kind + ": " + what);
        }
    }

    static String header() {
        return String.format(
                "%-10s %8s %8s %8s %8s %8s %8s %6s %6s %6s %6s %6s %6s",
                "bucket", "acked", "unknown", "failed", "deletes", "reads", "quiet-r", "lost", "unwrit", "stale",
                "falsesb", "dupl", "resurr");
    }

    String row() {
        return String.format(
                "%-10s %8d %8d %8d %8d %8d %8d %6d %6d %6d %6d %6d %6d",
                bucket,
                writesAcked,
                writesUnknown,
                writesFailed,
                deletesAcked,
                readsOk,
                quietReads,
                lost,
                unwritten,
                stale,
                falseSiblings,
                duplicates,
                resurrected);
    }
}
