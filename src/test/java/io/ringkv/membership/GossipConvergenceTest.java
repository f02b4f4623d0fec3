package io.ringkv.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Push-pull gossip over {@link GossipState}: each round every node exchanges with one random peer
 * it knows (a seed when it knows none). Measures the rounds until every node knows every member,
 * and until a change made by one node has reached all, for growing clusters; both should grow
 * like log(n).
 */
class GossipConvergenceTest {
    private static final int SEEDS = 3;

    /** One exchange: a sends digests, b answers, a sends what b wanted. */
    static void exchange(GossipState a, GossipState b) {
        GossipState.Reply reply = b.answer(a.digests());
        reply.newer().forEach(a::apply);
        a.statesFor(reply.wanted()).forEach(b::apply);
    }

    static final class Cluster {
        final List<GossipState> nodes = new ArrayList<>();
        final Random random;

        Cluster(int n, long seed) {
            random = new Random(seed);
            for (int i = 0; i < n; i++) {
                GossipState s = new GossipState();
                s.apply(new EndpointState("n" + i, "host" + i + ":8080", 1, 1, false, "UP", 1));
                nodes.add(s);
            }
        }

        void round() {
            for (int i = 0; i < nodes.size(); i++) {
                GossipState self = nodes.get(i);
                List<EndpointState> known = new ArrayList<>(self.all());
                String me = "n" + i;
                known.removeIf(s -> s.node().equals(me));
                int peer;
                if (known.isEmpty() || random.nextInt(10) == 0) {
                    peer = random.nextInt(Math.min(SEEDS, nodes.size()));
                } else {
                    peer = Integer.parseInt(
                            known.get(random.nextInt(known.size())).node().substring(1));
                }
                if (peer != i) {
                    exchange(self, nodes.get(peer));
                }
            }
        }

        boolean everyoneKnowsEveryone() {
            return nodes.stream().allMatch(s -> s.all().size() == nodes.size());
        }

        boolean everyoneHas(String node, long version) {
            return nodes.stream()
                    .allMatch(s -> s.get(node) != null && s.get(node).version() >= version);
        }
    }

    private static int[] measure(int n, long seed) {
        Cluster cluster = new Cluster(n, seed);
        int discovery = 0;
        while (!cluster.everyoneKnowsEveryone()) {
            cluster.round();
            discovery++;
        }
        GossipState changer = cluster.nodes.get(n - 1);
        EndpointState changed = changer.get("n" + (n - 1)).withRingVersion(2);
        changer.apply(changed);
        int spread = 0;
        while (!cluster.everyoneHas(changed.node(), changed.version())) {
            cluster.round();
            spread++;
        }
        return new int[] {discovery, spread};
    }

    @Test
    void membershipAndChangesSpreadInLogarithmicRounds() {
        StringBuilder table = new StringBuilder(
                "\n| nodes | rounds to know every member (worst seed) | rounds for one change to reach all (worst seed) |\n|---:|---:|---:|\n");
        for (int n : new int[] {3, 10, 100, 1000}) {
            int discovery = 0;
            int spread = 0;
            int seeds = n >= 1000 ? 2 : 5; // the 1000-node runs dominate the test's time
            for (long seed = 1; seed <= seeds; seed++) {
                int[] m = measure(n, seed);
                discovery = Math.max(discovery, m[0]);
                spread = Math.max(spread, m[1]);
            }
            table.append("| ")
                    .append(n)
                    .append(" | ")
                    .append(discovery)
                    .append(" | ")
                    .append(spread)
                    .append(" |\n");
            double log2 = Math.log(n) / Math.log(2);
            assertThat(spread)
                    .as("rounds for a change to reach %d nodes", n)
                    .isLessThanOrEqualTo((int) Math.ceil(2 * log2) + 3);
            assertThat(discovery)
                    .as("rounds to discover %d nodes", n)
                    .isLessThanOrEqualTo((int) Math.ceil(3 * log2) + 5);
        }
        System.out.println("gossip convergence" + table);
    }

    @Test
    void olderAndEqualStatesNeverReplaceNewerOnes() {
        GossipState s = new GossipState();
        EndpointState v5 = new EndpointState("a", "h:1", 7, 5, false, "UP", 1);
        assertThat(s.apply(v5)).isTrue();
        assertThat(s.apply(new EndpointState("a", "h:1", 7, 4, false, "DOWN", 9)))
                .isFalse();
        assertThat(s.apply(v5)).isFalse();
        assertThat(s.get("a")).isEqualTo(v5);
        EndpointState restarted = new EndpointState("a", "h:1", 8, 1, false, "UP", 1);
        assertThat(s.apply(restarted)).isTrue();
        assertThat(s.get("a")).isEqualTo(restarted);
    }

    @Test
    void anExchangeLeavesBothSidesWithTheNewerOfEachState() {
        GossipState a = new GossipState();
        GossipState b = new GossipState();
        a.apply(new EndpointState("x", "h:1", 1, 9, false, "UP", 1));
        b.apply(new EndpointState("x", "h:1", 1, 3, false, "UP", 1));
        b.apply(new EndpointState("y", "h:2", 1, 4, false, "UP", 1));
        a.apply(new EndpointState("z", "h:3", 2, 1, false, "UP", 1));

        exchange(a, b);

        for (GossipState s : List.of(a, b)) {
            assertThat(s.get("x").version()).isEqualTo(9);
            assertThat(s.get("y").version()).isEqualTo(4);
            assertThat(s.get("z").generation()).isEqualTo(2);
        }
    }
}
