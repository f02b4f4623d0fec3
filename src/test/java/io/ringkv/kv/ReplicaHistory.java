package io.ringkv.kv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A random history of one key on three replicas (a, b, c): writes with contexts from earlier reads,
 * and anti-entropy merges. Records every state and every write, so tests can check what survives.
 */
final class ReplicaHistory {
    static final String[] NODES = {"a", "b", "c"};

    final Map<Dot, VersionVector> seenByWrite = new HashMap<>();
    final List<VersionedObject> states = new ArrayList<>();
    final VersionedObject[] replicas = {VersionedObject.ABSENT, VersionedObject.ABSENT, VersionedObject.ABSENT};

    private ReplicaHistory() {}

    static ReplicaHistory generate(Random random, int steps, ConflictResolution mode) {
        ReplicaHistory history = new ReplicaHistory();
        List<VersionVector> reads = new ArrayList<>(List.of(VersionVector.EMPTY));
        for (int step = 0; step < steps; step++) {
            int r = random.nextInt(3);
            int action = random.nextInt(10);
            if (action < 5) {
                VersionVector seen = reads.get(random.nextInt(reads.size()));
                Content content = randomContent(random);
                // A small timestamp range makes LWW ties (and their tie-breaks) common.
                long timestamp = random.nextInt(6);
                VersionedObject next = history.replicas[r].update(NODES[r], seen, content, timestamp, mode);
                Dot dot = new Dot(NODES[r], next.context().counter(NODES[r]));
                history.seenByWrite.put(dot, seen);
                history.replicas[r] = next;
            } else if (action < 7) {
                reads.add(history.replicas[r].context());
            } else {
                int s = random.nextInt(3);
                history.replicas[r] = history.replicas[r].merge(history.replicas[s], mode);
            }
            history.states.add(history.replicas[r]);
        }
        return history;
    }

    static Content randomContent(Random random) {
        if (random.nextInt(6) == 0) {
            return Content.tombstone(random.nextInt(3));
        }
        byte[] value = new byte[random.nextInt(3)];
        random.nextBytes(value);
        String type = random.nextBoolean() ? "text/plain" : "application/octet-stream";
        return new Content(type, value, false, random.nextInt(3));
    }

    VersionedObject mergedEverywhere(ConflictResolution mode) {
        return replicas[0].merge(replicas[1], mode).merge(replicas[2], mode);
    }

    VersionedObject randomState(Random random) {
        return states.isEmpty() ? VersionedObject.ABSENT : states.get(random.nextInt(states.size()));
    }

    /** Whether some write was made by a client that had seen {@code dot}. */
    boolean superseded(Dot dot) {
        return seenByWrite.values().stream().anyMatch(seen -> seen.covers(dot));
    }
}
