package io.ringkv.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.security.ReplayGuard.Nonce;
import io.ringkv.server.security.ReplayGuard.Verdict;
import java.nio.ByteBuffer;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {
    private static final long WINDOW_MILLIS = 30_000;
    private static final long NOW = 1_000_000;

    private final ReplayGuard guard = new ReplayGuard(WINDOW_MILLIS, 16);

    private Verdict call(String node, long run, long counter) {
        return guard.firstSeen(node, new Nonce(run, counter), NOW, NOW);
    }

    @Test
    void aCallIsAcceptedOnceAndItsReplayRefused() {
        assertThat(call("a", 7, 1)).isEqualTo(Verdict.FIRST);
        assertThat(call("a", 7, 2)).isEqualTo(Verdict.FIRST);
        assertThat(call("a", 7, 1)).isEqualTo(Verdict.REPLAYED);
        assertThat(call("a", 7, 2)).isEqualTo(Verdict.REPLAYED);
    }

    @Test
    void callsOutOfOrderWithinTheWindowAreAcceptedOnceEach() {
        long top = 2L * ReplayGuard.WINDOW;
        assertThat(call("a", 7, top)).isEqualTo(Verdict.FIRST);
        for (long c = top - ReplayGuard.WINDOW + 1; c < top; c += 97) {
            assertThat(call("a", 7, c)).as("counter %d", c).isEqualTo(Verdict.FIRST);
            assertThat(call("a", 7, c)).as("counter %d again", c).isEqualTo(Verdict.REPLAYED);
        }
        // Moving up by less than the window keeps what was seen within it.
        assertThat(call("a", 7, top + 100)).isEqualTo(Verdict.FIRST);
        assertThat(call("a", 7, top - ReplayGuard.WINDOW + 1 + 97 * 2 + 97 * 2)).isEqualTo(Verdict.REPLAYED);
        assertThat(call("a", 7, top + 50)).isEqualTo(Verdict.FIRST);
    }

    @Test
    void aPeekRecordsNothing() {
        assertThat(guard.peek("a", new Nonce(7, 10))).isEqualTo(Verdict.FIRST);
        assertThat(guard.runs()).isZero();
        long top = ReplayGuard.WINDOW + 3000L;
        assertThat(call("a", 7, top)).isEqualTo(Verdict.FIRST);
        assertThat(guard.peek("a", new Nonce(7, top))).isEqualTo(Verdict.REPLAYED);
        assertThat(guard.peek("a", new Nonce(7, 1))).isEqualTo(Verdict.TOO_OLD);
        assertThat(guard.peek("a", new Nonce(7, top - 1))).isEqualTo(Verdict.FIRST);
        assertThat(guard.peek("a", new Nonce(7, top - 1))).as("still unseen").isEqualTo(Verdict.FIRST);
        assertThat(call("a", 7, top - 1)).isEqualTo(Verdict.FIRST);
    }

    @Test
    void aCounterBelowTheWindowIsRefused() {
        long top = ReplayGuard.WINDOW + 3000L;
        assertThat(call("a", 7, top)).isEqualTo(Verdict.FIRST);
        assertThat(call("a", 7, top - ReplayGuard.WINDOW)).isEqualTo(Verdict.TOO_OLD);
        assertThat(call("a", 7, 1)).isEqualTo(Verdict.TOO_OLD);
        assertThat(call("a", 7, top - ReplayGuard.WINDOW + 1)).isEqualTo(Verdict.FIRST);
    }

    @Test
    void aJumpPastTheWholeWindowForgetsTheOldBits() {
        assertThat(call("a", 7, 10)).isEqualTo(Verdict.FIRST);
        long far = 10 + ReplayGuard.WINDOW * 3L;
        assertThat(call("a", 7, far)).isEqualTo(Verdict.FIRST);
        // The bit that held counter 10 now stands for far - 3 * WINDOW... + WINDOW: unseen.
        assertThat(call("a", 7, far - ReplayGuard.WINDOW + 1)).isEqualTo(Verdict.FIRST);
        assertThat(call("a", 7, far - 1)).isEqualTo(Verdict.FIRST);
        assertThat(call("a", 7, far)).isEqualTo(Verdict.REPLAYED);
    }

    @Test
    void aNewRunOfTheSameNodeAndTheSameRunOfAnotherNodeAreTheirOwn() {
        assertThat(call("a", 7, ReplayGuard.WINDOW + 5000L)).isEqualTo(Verdict.FIRST);
        assertThat(call("a", 8, 1)).as("the node restarted: a new run").isEqualTo(Verdict.FIRST);
        assertThat(call("b", 7, 1)).as("another node").isEqualTo(Verdict.FIRST);
        assertThat(call("a", 7, 1)).isEqualTo(Verdict.TOO_OLD);
        assertThat(call("a", 8, 1)).isEqualTo(Verdict.REPLAYED);
    }

    @Test
    void theRunsTrackedAreBoundedAndForgottenAfterTheWindow() {
        for (int run = 0; run < 16; run++) {
            assertThat(call("a", run, 1)).isEqualTo(Verdict.FIRST);
        }
        assertThat(guard.runs()).isEqualTo(16);
        assertThat(call("a", 16, 1)).as("a 17th live run").isEqualTo(Verdict.FULL);
        assertThat(call("a", 3, 2)).as("a tracked run goes on").isEqualTo(Verdict.FIRST);
        assertThat(guard.runs()).isEqualTo(16);

        long later = NOW + WINDOW_MILLIS + 1;
        assertThat(guard.firstSeen("a", new Nonce(16, 1), later, later)).isEqualTo(Verdict.FIRST);
        assertThat(guard.runs()).as("the runs idle for a window are forgotten").isEqualTo(1);
    }

    @Test
    void memoryDoesNotGrowWithTheCalls() {
        int refused = 0;
        for (long c = 1; c <= 1_000_000; c++) {
            refused += call("a", 7, c) == Verdict.FIRST ? 0 : 1;
        }
        assertThat(refused).isZero();
        assertThat(guard.runs()).isEqualTo(1);
        assertThat(call("a", 7, 999_999)).isEqualTo(Verdict.REPLAYED);
    }

    @Test
    void noncesAreARunIdAndAPositiveCounter() {
        Nonce nonce = new Nonce(-5, 42);
        assertThat(Nonce.parse(nonce.encode())).isEqualTo(nonce);
        assertThat(Nonce.parse("not base64 !")).isNull();
        assertThat(Nonce.parse(Base64.getUrlEncoder().encodeToString(new byte[12])))
                .isNull();
        assertThat(Nonce.parse(Base64.getUrlEncoder()
                        .encodeToString(
                                ByteBuffer.allocate(16).putLong(1).putLong(0).array())))
                .as("counter 0")
                .isNull();
        assertThat(Nonce.parse(Base64.getUrlEncoder()
                        .encodeToString(
                                ByteBuffer.allocate(16).putLong(1).putLong(-1).array())))
                .isNull();
    }
}
