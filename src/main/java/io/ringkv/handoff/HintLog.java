package io.ringkv.handoff;

import io.ringkv.port.FileIO;
import io.ringkv.port.Metrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hints kept on disk until their replica takes them: one directory, files named {@code
 * <target as hex>-<sequence>.hints}, records in {@link HintFormat}. A hint is forced to disk before
 * {@link #append} returns, because a hinted write may count toward the client's W. Appends for a
 * target go to its open file; a replay seals it (later hints go to a new file) and deletes the
 * sealed files only once every hint in them was delivered or discarded.
 *
 * <p>Fail-stop, like the commit log: once an append or a force fails, every later append throws
 * {@link HintLogFailedException} (so a fallback stops acknowledging hinted writes) rather than
 * writing behind a record that may be damaged or not durable. Replays go on.
 */
public final class HintLog implements AutoCloseable {
    private static final String SUFFIX = ".hints";
    /** Why hints were dropped: the tag of {@code ringkv.hints.dropped.reason}. */
    static final String DAMAGED = "damaged";

    static final String UNDECODABLE = "undecodable";
    static final String WINDOW = "window";
    static final String EXPIRED = "expired";
    static final String LEFT = "left";
    static final String REFUSED = "refused";
    static final String BACKLOG_FULL = "backlog-full";

    private final FileIO io;
    private final Path dir;
    private final Map<String, Target> targets = new TreeMap<>();
    private final Metrics.Counter stored;
    private final Metrics.Counter replayed;
    private final Metrics.Counter sent;
    private final Metrics.Counter dropped;
    private final Metrics.Counter failures;
    private final Metrics metrics;
    private volatile HintLogFailedException failure;
    private long nextSequence;

    private HintLog(FileIO io, Path dir, Metrics metrics) {
        this.io = io;
        this.dir = dir;
        this.stored = metrics.counter("ringkv.hints.stored");
        this.replayed = metrics.counter("ringkv.hints.replayed");
        this.sent = metrics.counter("ringkv.hints.sent");
        this.dropped = metrics.counter("ringkv.hints.dropped");
        this.failures = metrics.counter("ringkv.hints.failures");
        this.metrics = metrics;
        metrics.gauge("ringkv.hints.pending.bytes", this::pendingBytes);
    }

    /** Opens the hints under {@code dir}; every file found is sealed, awaiting replay. */
    public static HintLog open(FileIO io, Path dir, Metrics metrics) throws IOException {
        io.createDirectories(dir);
        HintLog log = new HintLog(io, dir, metrics);
        for (String name : io.list(dir)) {
            if (!name.endsWith(SUFFIX)) {
                continue;
            }
            int dash = name.lastIndexOf('-');
            String target;
            long sequence;
            try {
                target = new String(HexFormat.of().parseHex(name.substring(0, dash)), StandardCharsets.UTF_8);
                sequence = Long.parseLong(name.substring(dash + 1, name.length() - SUFFIX.length()));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                continue; // not a file this log wrote
            }
            long size;
            try (FileIO.ReadableFile file = io.openForRead(dir.resolve(name))) {
                size = file.size();
            }
            log.nextSequence = Math.max(log.nextSequence, sequence + 1);
            log.targets.computeIfAbsent(target, k -> new Target()).sealed.add(new SealedFile(dir.resolve(name), size));
        }
        for (Target t : log.targets.values()) {
            t.sealed.sort((a, b) -> a.path.getFileName()
                    .toString()
                    .compareTo(b.path.getFileName().toString()));
        }
        return log;
    }

    /**
     * Stores a hint for {@code target}, durably.
     *
     * @throws HintLogFailedException if this or an earlier append or force failed
     */
    public synchronized void append(String target, Hint hint) throws IOException {
        HintLogFailedException f = failure;
        if (f != null) {
            // A fresh exception per caller, so each stack trace shows its own write.
            throw new HintLogFailedException(f.getMessage(), f.getCause());
        }
        Target t = targets.computeIfAbsent(target, k -> new Target());
        Path path = t.openPath;
        try {
            if (t.open == null) {
                path = dir.resolve(HexFormat.of().formatHex(target.getBytes(StandardCharsets.UTF_8)) + "-"
                        + String.format("%016d", nextSequence++) + SUFFIX);
                t.open = io.create(path);
                t.openPath = path;
                io.forceDirectory(dir);
            }
            t.open.append(HintFormat.encode(hint));
            t.open.force();
        } catch (IOException e) {
            throw fail(path, e);
        }
        stored.increment();
    }

    /** Enters the failed state for good: a failed force is never retried, nothing is written after it. */
    private HintLogFailedException fail(Path file, IOException cause) {
        if (failure == null) {
            failure = new HintLogFailedException(
                    "hint log stopped taking hints after an I/O error on " + file + ": " + cause
                            + "; restart to take hints again",
                    cause);
            failures.increment();
        }
        return failure;
    }

    /** Why this log stopped taking hints, or null while it takes them. */
    public HintLogFailedException failure() {
        return failure;
    }

    /** Targets with hints waiting. */
    public synchronized List<String> targets() {
        List<String> out = new ArrayList<>();
        targets.forEach((node, t) -> {
            if (t.open != null || !t.sealed.isEmpty()) {
                out.add(node);
            }
        });
        return out;
    }

    /** Bytes of hints waiting for {@code target}. */
    public synchronized long pendingBytes(String target) {
        Target t = targets.get(target);
        return t == null ? 0 : t.bytes();
    }

    /** Bytes of hints waiting for all targets. */
    public synchronized double pendingBytes() {
        long total = 0;
        for (Target t : targets.values()) {
            total += t.bytes();
        }
        return total;
    }

    /**
     * Starts handing {@code target}'s hints over: seals its open file and returns a replay of every
     * sealed file. Hints stored meanwhile wait for the next replay.
     */
    public synchronized Replay replay(String target) throws IOException {
        Target t = targets.computeIfAbsent(target, k -> new Target());
        if (t.open != null) {
            long size = t.open.size();
            t.open.close();
            t.sealed.add(new SealedFile(t.openPath, size));
            t.open = null;
            t.openPath = null;
        }
        return new Replay(target, List.copyOf(t.sealed));
    }

    /**
     * Deletes every hint for {@code target} (its hint window passed, or it left the cluster), each
     * counted as dropped for {@code reason} (a damaged tail or an undecodable record as in a replay).
     */
    public synchronized void drop(String target, String reason) throws IOException {
        Target t = targets.remove(target);
        if (t == null) {
            return;
        }
        if (t.open != null) {
            t.open.close();
            t.sealed.add(new SealedFile(t.openPath, 0));
        }
        long hints = 0;
        long damaged = 0;
        long undecodable = 0;
        for (SealedFile f : t.sealed) {
            try (HintFileReader reader = new HintFileReader(io, f.path)) {
                while (reader.next() != null) {
                    hints++;
                }
                damaged += reader.damaged() ? 1 : 0;
                undecodable += reader.undecodable();
            } catch (IOException e) {
                damaged++; // unreadable: deleted all the same
            }
            io.delete(f.path);
        }
        io.forceDirectory(dir);
        countDropped(reason, hints);
        countDropped(DAMAGED, damaged);
        countDropped(UNDECODABLE, undecodable);
    }

    /** Counts {@code hints} dropped (never stored, or deleted undelivered) for {@code reason}. */
    public void countDropped(String reason, long hints) {
        if (hints > 0) {
            dropped.increment(hints);
            metrics.counter("ringkv.hints.dropped.reason", "reason", reason).increment(hints);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        for (Target t : targets.values()) {
            if (t.open != null) {
                t.open.close();
                t.open = null;
            }
        }
    }

    /** Deletes the files of a completed replay, then counts its {@code hints} as replayed. */
    private synchronized void finished(String target, List<SealedFile> files, long hints, Map<String, Long> discarded)
            throws IOException {
        Target t = targets.get(target);
        for (SealedFile f : files) {
            io.delete(f.path);
            if (t != null) {
                t.sealed.remove(f);
            }
        }
        io.forceDirectory(dir);
        replayed.increment(hints);
        discarded.forEach((reason, count) -> countDropped(reason, count));
    }

    /**
     * The hints of sealed files, read in order; {@link #complete} deletes them once each was
     * delivered or discarded.
     */
    public final class Replay {
        private final String target;
        private final List<SealedFile> files;
        private final Map<String, Long> discarded = new TreeMap<>();
        private int file;
        private HintFileReader reader;
        private long read;
        private long discardedHints;
        private String current;

        private Replay(String target, List<SealedFile> files) {
            this.target = target;
            this.files = files;
        }

        /** The next hint, or null when every sealed file has been read. */
        public Hint next() throws IOException {
            while (file < files.size()) {
                if (reader == null) {
                    reader = new HintFileReader(io, files.get(file).path);
                }
                Hint hint = reader.next();
                if (hint != null) {
                    read++;
                    current = files.get(file).path.getFileName() + "@" + reader.lastStart();
                    return hint;
                }
                if (reader.damaged()) {
                    discarded.merge(DAMAGED, 1L, Long::sum);
                }
                discarded.merge(UNDECODABLE, (long) reader.undecodable(), Long::sum);
                reader.close();
                reader = null;
                file++;
            }
            return null;
        }

        /**
         * What names the hint {@link #next} last returned among the target's hints, as long as its
         * file is kept: its file and place in it.
         */
        public String current() {
            return current;
        }

        /** Counts one hint as taken by its replica (sent; replayed once the replay completes). */
        public void delivered() {
            sent.increment();
        }

        /**
         * Gives the hint {@link #next} last returned up, undelivered: once the replay completes it
         * is deleted with the others and counted as dropped for {@code reason}.
         */
        public void discard(String reason) {
            discarded.merge(reason, 1L, Long::sum);
            discardedHints++;
        }

        /**
         * Every hint read was delivered or discarded: their files are deleted, and the hints count
         * as replayed or dropped — once each, however often an interrupted replay sent them before.
         */
        public void complete() throws IOException {
            close();
            finished(target, files, read - discardedHints, discarded);
        }

        /** Stops early; the hints stay for the next replay. */
        public void close() throws IOException {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
    }

    private static final class Target {
        final List<SealedFile> sealed = new ArrayList<>();
        FileIO.WritableFile open;
        Path openPath;

        long bytes() {
            long total = open == null ? 0 : open.size();
            for (SealedFile f : sealed) {
                total += f.bytes;
            }
            return total;
        }
    }

    private record SealedFile(Path path, long bytes) {}
}
