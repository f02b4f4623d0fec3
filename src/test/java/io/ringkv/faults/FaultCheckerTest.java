package io.ringkv.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checkers on small hand-made histories: each finds what it names, and nothing in a clean one. */
class FaultCheckerTest {
    private final List<Op> ops = new ArrayList<>();
    private static final String B = "faults";

    private void write(String key, String value, Set<String> covered, Op.Outcome outcome, long at) {
        ops.add(new Op(1, Op.Kind.WRITE, B, key, value, covered, outcome, List.of(), 0, at, at + 5, "f1", ""));
    }

    private void delete(String key, String name, Set<String> covered, long at) {
        ops.add(new Op(1, Op.Kind.DELETE, B, key, name, covered, Op.Outcome.OK, List.of(), 0, at, at + 5, "f1", ""));
    }

    private void read(String key, List<String> seen, long at) {
        ops.add(new Op(2, Op.Kind.READ, B, key, null, Set.of(), Op.Outcome.OK, seen, 0, at, at + 5, "f2", ""));
    }

    private FaultReport check(Map<String, List<String>> finalState, FaultHistory.Quiet... quiet) {
        return FaultChecker.check(B, ops, List.of(quiet), new FaultChecker.FinalState(finalState));
    }

    @Test
    void aCleanHistoryHasNothingToReport() {
        write("k", "a", Set.of(), Op.Outcome.OK, 0);
        read("k", List.of("a"), 10);
        write("k", "b", Set.of("a"), Op.Outcome.OK, 20);
        write("k", "c", Set.of(), Op.Outcome.OK, 30);
        read("k", List.of("b", "c"), 40);
        FaultReport r = check(Map.of("k", List.of("b", "c")), new FaultHistory.Quiet(0, 100));
        assertThat(List.of(r.writesAcked, r.readsOk, r.quietReads)).containsExactly(3, 2, 2);
        assertThat(List.of(r.lost, r.unwritten, r.stale, r.falseSiblings, r.duplicates, r.resurrected))
                .containsOnly(0);
        assertThat(r.examples).isEmpty();
    }

    @Test
    void anAcknowledgedWriteMissingFromTheFinalStateIsLostUnlessAWriteReplacedIt() {
        write("k", "a", Set.of(), Op.Outcome.OK, 0);
        write("k", "b", Set.of(), Op.Outcome.OK, 10);
        write("k", "c", Set.of("b"), Op.Outcome.UNKNOWN, 20);
        write("k", "d", Set.of(), Op.Outcome.UNKNOWN, 30);
        FaultReport r = check(Map.of("k", List.of("c")));
        assertThat(r.lost).as(r.examples.toString()).isEqualTo(1);
        assertThat(r.examples.get(0)).contains(" a ");
    }

    @Test
    void aWriteThatCertainlyFailedReplacesNothing() {
        write("k", "a", Set.of(), Op.Outcome.OK, 0);
        write("k", "b", Set.of("a"), Op.Outcome.FAIL, 10);
        assertThat(check(Map.of("k", List.of())).lost).isEqualTo(1);
    }

    @Test
    void aValueNoClientWroteIsReported() {
        write("k", "a", Set.of(), Op.Outcome.OK, 0);
        read("k", List.of("zz"), 10);
        FaultReport r = check(Map.of("k", List.of("a", "yy")));
        assertThat(r.unwritten).isEqualTo(2);
    }

    @Test
    void aQuietReadThatMissesAnEarlierAcknowledgedWriteIsStale() {
        write("k", "a", Set.of(), Op.Outcome.OK, 0);
        read("k", List.of(), 10);
        read("k", List.of("a"), 20);
        FaultReport r = check(Map.of("k", List.of("a")), new FaultHistory.Quiet(0, 100));
        assertThat(r.stale).isEqualTo(1);
        assertThat(r.quietReads).isEqualTo(2);
    }

    @Test
    void readsOutsideQuietWindowsOrOverlappingTheWriteAreNotStale() {
        write("k", "a", Set.of(), Op.Outcome.OK, 0);
        read("k", List.of(), 3);
        read("k", List.of(), 50);
        FaultReport r = check(Map.of("k", List.of("a")), new FaultHistory.Quiet(0, 40));
        assertThat(r.stale).isZero();
    }

    @Test
    void aQuietReadReturningADeletedValueIsStale() {
        write("k", "a", Set.of(), Op.Outcome.OK, 0);
        delete("k", "d1", Set.of("a"), 10);
        read("k", List.of("a"), 20);
        FaultReport r = check(Map.of("k", List.of()), new FaultHistory.Quiet(0, 100));
        assertThat(r.stale).isEqualTo(1);
        assertThat(r.lost).isZero();
    }

    @Test
    void aValueBesideTheWriteThatReplacedItIsAFalseSibling() {
        write("k", "a", Set.of(), Op.Outcome.OK, 0);
        write("k", "b", Set.of("a"), Op.Outcome.UNKNOWN, 10);
        read("k", List.of("a", "b"), 20);
        FaultReport r = check(Map.of("k", List.of("b")));
        assertThat(r.falseSiblings).isEqualTo(1);
    }

    @Test
    void theSameValueTwiceAmongSiblingsIsADuplicate() {
        write("k", "a", Set.of(), Op.Outcome.OK, 0);
        read("k", List.of("a", "a"), 10);
        FaultReport r = check(Map.of("k", List.of("a", "a")));
        assertThat(r.duplicates).isEqualTo(2);
    }

    @Test
    void aDeletedValueInTheFinalStateIsResurrected() {
        write("k", "a", Set.of(), Op.Outcome.OK, 0);
        delete("k", "d1", Set.of("a"), 10);
        FaultReport r = check(Map.of("k", List.of("a")));
        assertThat(r.resurrected).isEqualTo(1);
    }

    @Test
    void concurrentBlindWritesOfWhichOneSurvivesAreLoss() {
        write("k", "a", Set.of(), Op.Outcome.OK, 0);
        write("k", "b", Set.of(), Op.Outcome.OK, 0);
        write("k", "c", Set.of(), Op.Outcome.OK, 0);
        assertThat(check(Map.of("k", List.of("b"))).lost).isEqualTo(2);
    }
}
