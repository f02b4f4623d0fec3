package io.ringkv.ring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Prints how evenly claim spreads partitions and how many move on a join, and holds it to bounds. */
class RingBalanceReportTest {
    private static final int N = 3;

    @Test
    void balanceStaysWithinOnePartitionOfTheMeanAndHasNoWindowViolations() {
        int[][] cases = {{3, 256}, {5, 256}, {10, 256}, {50, 256}, {100, 256}, {50, 1024}, {100, 1024}};
        StringBuilder table = new StringBuilder("| nodes | Q | max | mean | max/mean | bound | n=3 violations |\n");
        table.append("|---|---|---|---|---|---|---|\n");
        for (int[] c : cases) {
            int s = c[0];
            int q = c[1];
            Ring ring = Claim.claim(null, Rings.equalNodes(s), q, N);
            double mean = (double) q / s;
            int max = Rings.maxPartitions(ring);
            double bound = Math.ceil(mean) / mean;
            int violations = ring.violations(N).size();
            table.append(String.format(
                    "| %d | %d | %d | %.2f | %.3f | %.3f | %d |%n", s, q, max, mean, max / mean, bound, violations));
            assertThat(max / mean).as("max/mean for %d nodes, Q=%d", s, q).isLessThanOrEqualTo(bound + 1e-9);
            if (feasible(s, q)) {
                assertThat(ring.violations(N)).as("%d nodes, Q=%d", s, q).isEmpty();
            } else {
                // n distinct nodes cannot fit when Q is not a multiple of S = n: the wrap must repeat one.
                assertThat(violations).as("%d nodes, Q=%d", s, q).isLessThanOrEqualTo(N - 1);
            }
        }
        System.out.print(table);
    }

    @Test
    void joiningMovesCloseToTheIdealShareAndOnlyToTheNewNode() {
        StringBuilder table =
                new StringBuilder("| Q | from | to | moved | ideal Q/(S+1) | moved/ideal | violations |\n");
        table.append("|---|---|---|---|---|---|---|\n");
        for (int q : new int[] {256, 1024}) {
            for (int s : new int[] {3, 10}) {
                Ring before = Claim.claim(null, Rings.equalNodes(s), q, N);
                Ring after = Claim.claim(before, Rings.equalNodes(s + 1), q, N);
                int moved = after.partitionsMovedFrom(before);
                double ideal = (double) q / (s + 1);
                table.append(String.format(
                        "| %d | %d | %d | %d | %.2f | %.3f | %d |%n",
                        q,
                        s,
                        s + 1,
                        moved,
                        ideal,
                        moved / ideal,
                        after.violations(N).size()));
                assertThat(moved).as("moved joining %d nodes, Q=%d", s, q).isLessThanOrEqualTo((int) (1.5 * ideal));
                assertThat(after.violations(N)).isEmpty();
                String newcomer = Rings.id(s + 1);
                for (int p = 0; p < q; p++) {
                    if (!after.owner(p).equals(before.owner(p))) {
                        assertThat(after.owner(p))
                                .as("new owner of moved partition %d", p)
                                .isEqualTo(newcomer);
                    }
                }
            }
        }
        System.out.print(table);
    }

    private static boolean feasible(int s, int q) {
        return (long) s * (q / N) >= q;
    }
}
