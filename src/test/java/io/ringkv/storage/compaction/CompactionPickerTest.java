package io.ringkv.storage.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompactionPickerTest {
    private final CompactionPicker picker = new CompactionPicker(4, 32, 20);

    @Test
    void fewerTablesThanTheMinimumAreLeftAlone() {
        assertThat(picker.pick(List.of(10L, 10L, 10L))).isNull();
    }

    @Test
    void fourSimilarTablesAreMerged() {
        assertThat(picker.pick(List.of(10L, 10L, 12L, 11L))).isEqualTo(new CompactionPicker.Run(0, 4));
    }

    @Test
    void aMuchLargerOlderTableEndsTheRun() {
        // newest first: four small flushes on top of one big merged table
        assertThat(picker.pick(List.of(10L, 10L, 10L, 10L, 1000L))).isEqualTo(new CompactionPicker.Run(0, 4));
        assertThat(picker.pick(List.of(10L, 10L, 10L, 1000L))).isNull();
    }

    @Test
    void aRunCanStartBelowTheNewestTable() {
        // a small new flush must not hide a due run of larger tables beneath it
        assertThat(picker.pick(List.of(10L, 1000L, 1000L, 1000L, 1000L))).isEqualTo(new CompactionPicker.Run(1, 4));
        // a large newest table takes the smaller older ones along
        assertThat(picker.pick(List.of(5000L, 10L, 10L, 10L))).isEqualTo(new CompactionPicker.Run(0, 4));
    }

    @Test
    void tiersGrowGeometrically() {
        // each older table about the size of all newer ones together: one run covers them all
        assertThat(picker.pick(List.of(10L, 10L, 20L, 40L, 80L))).isEqualTo(new CompactionPicker.Run(0, 5));
    }

    @Test
    void tooManyTablesForceAMergeOfTheNewest() {
        Long[] sizes = new Long[20];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = 1L << (i * 2); // each table far larger than all newer ones: no natural run
        }
        assertThat(picker.pick(List.of(sizes))).isEqualTo(new CompactionPicker.Run(0, 20));
    }

    @Test
    void runsAreCappedAtTheMaximum() {
        CompactionPicker small = new CompactionPicker(2, 3, 10);
        assertThat(small.pick(List.of(1L, 1L, 1L, 1L, 1L))).isEqualTo(new CompactionPicker.Run(0, 3));
    }

    @Test
    void invalidSettingsAreRefusedWithTheirValues() {
        assertThatThrownBy(() -> new CompactionPicker(1, 4, 8)).hasMessageContaining("1, 4, 8");
    }
}
