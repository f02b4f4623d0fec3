package io.ringkv.ring;

import java.util.ArrayList;
import java.util.List;

/**
 * Derives a transition's transfers by slot: for each key range, the i-th replica of the target's
 * preference list receives the range from the i-th replica of the previous one, wherever the two
 * differ. Pairing slots (rather than sets) keeps every quorum intersecting for every n up to the
 * transition's, because a shorter preference list is a prefix of a longer one: after a range
 * switches, each of its first k target replicas holds what the previous replica in its slot held.
 */
final class Transfers {
    private Transfers() {}

    /**
     * The transfers from {@code previous} to {@code target} in range order; {@code firstOfRange[r]}
     * is set to the index of range r's first transfer (and {@code firstOfRange[Q]} to their count).
     */
    static List<Transfer> between(Ring previous, Ring target, Transition transition, int[] firstOfRange) {
        PreferenceList before = new PreferenceList(previous);
        PreferenceList after = new PreferenceList(target);
        List<Transfer> result = new ArrayList<>();
        for (int range = 0; range < target.partitions(); range++) {
            firstOfRange[range] = result.size();
            List<String> old = before.nodes(range, transition.n());
            List<String> now = after.nodes(range, transition.n());
            for (int slot = 0; slot < now.size(); slot++) {
                String from = slot < old.size() ? old.get(slot) : null;
                String to = now.get(slot);
                if (!to.equals(from)) {
                    boolean gone = from != null && transition.removed().contains(from);
                    result.add(new Transfer(range, gone ? null : from, to));
                }
            }
        }
        firstOfRange[target.partitions()] = result.size();
        return List.copyOf(result);
    }
}
