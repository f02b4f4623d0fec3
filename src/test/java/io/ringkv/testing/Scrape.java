package io.ringkv.testing;

/** Test helper: values read off a node's Prometheus scrape. */
public final class Scrape {
    private Scrape() {}

    /** The value of {@code name} on the first line of it that has every one of {@code labels} (e.g. {@code reason="x"}). */
    public static double value(String scrape, String name, String... labels) {
        for (String line : scrape.split("\n")) {
            if (!(line.startsWith(name + " ") || line.startsWith(name + "{"))) {
                continue;
            }
            boolean matches = true;
            for (String label : labels) {
                matches &= line.contains(label);
            }
            if (matches) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError(name + " " + String.join(",", labels) + " is not in the scrape");
    }
}
