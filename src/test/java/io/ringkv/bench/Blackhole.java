package io.ringkv.bench;

/** Keeps the JIT from dropping reads whose result the benchmark does not otherwise use. */
final class Blackhole {
    @SuppressWarnings("unused")
    private static volatile long sink;

    private Blackhole() {}

    static void consume(long value) {
        sink = value;
    }
}
