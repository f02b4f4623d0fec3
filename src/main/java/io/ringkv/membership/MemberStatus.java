package io.ringkv.membership;

/** How this node sees another member. */
public enum MemberStatus {
    /** Heartbeats arrive and its own health is UP: requests may go to it. */
    UP,
    /** Heartbeats are overdue (phi past half the threshold); still used, watched. */
    SUSPECT,
    /** Heartbeats stopped (phi past the threshold), or the node reports itself DOWN or OUT_OF_SERVICE. */
    DOWN,
    /** The node left the cluster. */
    LEFT
}
