package io.ringkv.deploy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL to find what an expression reads: the metric names of its selectors and the
 * label names each selector matches on. Functions, aggregations, {@code by}/{@code without}
 * lists, range and offset durations, numbers and strings are not metric names.
 */
final class PromQl {
    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "and",
            "or",
            "unless",
            "bool",
            "offset",
            "inf",
            "nan");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
    private static final Pattern SELECTOR =
            Pattern.compile("(?<![A-Za-z0-9_:$.])([a-zA-Z_:][a-zA-Z0-9_:]*+)\\s*(\\{[^}]*\\})?(?!\\s*\\()");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");

    private PromQl() {}

    /** Metric name → label names its selectors match on, for every selector in {@code expr}. */
    static Map<String, Set<String>> selectors(String expr) {
        // Grafana's variables first ($__rate_interval, $instance), then the parts that name no metric
        String e = expr.replaceAll("\\$\\{?[A-Za-z_]+\\}?", "x");
        Matcher s = STRING.matcher(e);
        StringBuilder noStrings = new StringBuilder();
        while (s.find()) {
            s.appendReplacement(noStrings, "\"\"");
        }
        s.appendTail(noStrings);
        e = GROUPING.matcher(noStrings).replaceAll(" ");
        e = RANGE.matcher(e).replaceAll(" ");
        Map<String, Set<String>> found = new LinkedHashMap<>();
        Matcher m = SELECTOR.matcher(e);
        while (m.find()) {
            String name = m.group(1);
            if (KEYWORDS.contains(name.toLowerCase()) || name.matches("\\d.*")) {
                continue;
            }
            Set<String> labels = found.computeIfAbsent(name, k -> new LinkedHashSet<>());
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.add(l.group(1));
                }
            }
        }
        return found;
    }
}
