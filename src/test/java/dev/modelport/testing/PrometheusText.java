package dev.modelport.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Samples of the Prometheus text format, as a /q/metrics endpoint or a PrometheusMeterRegistry's scrape give it. */
public final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private PrometheusText() {
    }

    /** The sum of the samples of a metric whose labels include the given ones; 0 when there is none. */
    public static double value(String text, String name, Map<String, String> labels) {
        return samples(text, name, labels).mapToDouble(m -> Double.parseDouble(m.group(3))).sum();
    }

    /** Whether there is a sample of the metric whose labels include the given ones. */
    public static boolean has(String text, String name, Map<String, String> labels) {
        return samples(text, name, labels).findAny().isPresent();
    }

    /** The names of the samples (with their _total, _bucket, _count, _sum suffixes), comments left out. */
    public static Set<String> sampleNames(String text) {
        Set<String> names = new TreeSet<>();
        text.lines().map(SAMPLE::matcher).filter(Matcher::matches).forEach(m -> names.add(m.group(1)));
        return names;
    }

    private static Stream<Matcher> samples(String text, String name, Map<String, String> labels) {
        return text.lines().map(SAMPLE::matcher).filter(Matcher::matches).filter(m -> m.group(1).equals(name))
                .filter(m -> labels(m.group(2)).entrySet().containsAll(labels.entrySet()));
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new HashMap<>();
        if (text != null) {
            Matcher label = LABEL.matcher(text);
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
        }
        return labels;
    }
}
