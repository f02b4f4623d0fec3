package io.ringkv.storage.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.storage.Entry;
import io.ringkv.storage.EntryKind;
import org.junit.jupiter.api.Test;

class PurgeRuleTest {
    private static final byte[] KEY = {1, 2};
    private final PurgeRule rule = new PurgeRule(1000);

    @Test
    void liveValuesAreKept() {
        Entry live = Entry.put(KEY, 5, new byte[] {9});
        assertThat(rule.apply(live, true, 1_000_000)).isSameAs(live);
        Entry notYetExpired = new Entry(KEY, 5, EntryKind.PUT, 2_000_000, new byte[] {9});
        assertThat(rule.apply(notYetExpired, true, 1_000_000)).isSameAs(notYetExpired);
    }

    @Test
    void tombstoneIsKeptDuringGrace() {
        Entry tombstone = new Entry(KEY, 5, EntryKind.DELETE, 10_000, Entry.EMPTY);
        assertThat(rule.apply(tombstone, true, 10_999)).isSameAs(tombstone);
    }

    @Test
    void tombstoneIsPurgedAfterGraceWhenNothingOlderRemains() {
        Entry tombstone = new Entry(KEY, 5, EntryKind.DELETE, 10_000, Entry.EMPTY);
        assertThat(rule.apply(tombstone, true, 11_000)).isNull();
    }

    @Test
    void tombstoneIsKeptWhileOlderTablesMayHoldTheKey() {
        Entry tombstone = new Entry(KEY, 5, EntryKind.DELETE, 10_000, Entry.EMPTY);
        assertThat(rule.apply(tombstone, false, 1_000_000)).isSameAs(tombstone);
    }

    @Test
    void expiredValueShrinksToATombstoneUntilItMayGo() {
        Entry expiring = new Entry(KEY, 5, EntryKind.PUT, 10_000, new byte[100]);
        Entry shrunk = rule.apply(expiring, false, 10_000);
        assertThat(shrunk.kind()).isEqualTo(EntryKind.DELETE);
        assertThat(shrunk.value()).isEmpty();
        assertThat(shrunk.sequence()).isEqualTo(5);
        assertThat(rule.apply(expiring, true, 10_500)).isNotNull();
        assertThat(rule.apply(expiring, true, 11_000)).isNull();
    }

    @Test
    void aLiveValueGoesOnlyWhenTheGateSaysSoAndNothingOlderRemains() {
        Entry tombstoneObject = Entry.put(KEY, 5, new byte[] {7});
        Entry otherValue = Entry.put(new byte[] {3}, 6, new byte[] {8});
        PurgeRule gated = new PurgeRule(1000, (key, value, now) -> value[0] == 7 && now >= 50_000);
        assertThat(gated.apply(tombstoneObject, true, 50_000)).isNull();
        assertThat(gated.apply(tombstoneObject, true, 49_999)).isSameAs(tombstoneObject);
        assertThat(gated.apply(tombstoneObject, false, 50_000))
                .as("an older table may hold an older version of the key")
                .isSameAs(tombstoneObject);
        assertThat(gated.apply(otherValue, true, 50_000)).isSameAs(otherValue);
        assertThat(rule.apply(tombstoneObject, true, 50_000))
                .as("no gate: live values stay")
                .isSameAs(tombstoneObject);
    }
}
