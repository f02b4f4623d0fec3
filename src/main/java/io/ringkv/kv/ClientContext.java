package io.ringkv.kv;

import java.util.Collections;
import java.util.Comparator;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a client saw of a key, as its {@code X-Ringkv-Context} header carries it: the causal context
 * and the write ids of the versions it was given. A write with it replaces the versions the vector
 * covers and, whatever their dots, the versions of the writes it names: one client write stored
 * under two dots (a coordinator retry that reached a second replica first) is the same write seen.
 *
 * @param vector the causal context
 * @param writeIds the write ids of the siblings the client was given, in ascending order
 */
public record ClientContext(VersionVector vector, Set<WriteId> writeIds) {
    /** The order of write ids in an encoded context: unsigned, high bits first. */
    public static final Comparator<WriteId> ORDER = Comparator.comparing(WriteId::high, Long::compareUnsigned)
            .thenComparing(WriteId::low, Long::compareUnsigned);

    public static final ClientContext EMPTY = new ClientContext(VersionVector.EMPTY, Set.of());

    public ClientContext {
        Objects.requireNonNull(vector, "vector");
        TreeSet<WriteId> sorted = new TreeSet<>(ORDER);
        sorted.addAll(writeIds);
        writeIds = Collections.unmodifiableSortedSet(sorted);
    }

    /** A context that names no write ids (as contexts of format 1 do). */
    public static ClientContext of(VersionVector vector) {
        return new ClientContext(vector, Set.of());
    }

    /** The context a client gets with {@code object}: its vector and its siblings' write ids. */
    public static ClientContext of(VersionedObject object) {
        TreeSet<WriteId> ids = new TreeSet<>(ORDER);
        for (Sibling s : object.siblings()) {
            if (s.writeId() != null) {
                ids.add(s.writeId());
            }
        }
        return new ClientContext(object.context(), ids);
    }
}
