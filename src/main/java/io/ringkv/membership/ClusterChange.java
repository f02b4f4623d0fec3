package io.ringkv.membership;

import io.ringkv.ring.NodeInfo;

/** A change of membership staged at the claimant, applied by the next committed plan. */
public sealed interface ClusterChange {

    /** The node the change is about (for a replace, the one replaced). */
    String node();

    /** How the change reads in a plan. */
    String describe();

    /** {@code node} joins. */
    record Join(NodeInfo joining) implements ClusterChange {
        @Override
        public String node() {
            return joining.id();
        }

        @Override
        public String describe() {
            return "join " + joining.id() + " (weight " + joining.weight() + ", rack " + joining.rack() + ")";
        }
    }

    /** {@code node} leaves, handing its ranges over first. */
    record Leave(String node) implements ClusterChange {
        @Override
        public String describe() {
            return "leave " + node;
        }
    }

    /** {@code replacement} takes over exactly the partitions of {@code node}, which then leaves. */
    record Replace(String node, NodeInfo replacement) implements ClusterChange {
        @Override
        public String describe() {
            return "replace " + node + " by " + replacement.id() + " (weight " + replacement.weight() + ", rack "
                    + replacement.rack() + ")";
        }
    }

    /** {@code node} is gone for good: its ranges are rebuilt from the other replicas, never asked of it. */
    record ForceRemove(String node) implements ClusterChange {
        @Override
        public String describe() {
            return "force-remove " + node;
        }
    }
}
