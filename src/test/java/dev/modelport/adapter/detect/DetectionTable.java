package dev.modelport.adapter.detect;

import java.util.List;
import java.util.Locale;

/** The corpus as a Markdown table, one row per sample, with what detection found on it in this run. */
final class DetectionTable {

    private DetectionTable() {
    }

    static String markdown(List<CorpusSample> samples, PathDetector detector) {
        StringBuilder out = new StringBuilder()
                .append("| API | Output path | Input tokens path | Output tokens path | Confidence | Pass |\n")
                .append("|---|---|---|---|---|---|\n");
        for (CorpusSample sample : samples) {
            Detection d = detector.detect(sample.response(), sample.prompt());
            out.append("| ").append(sample.api())
                    .append(" | ").append(code(d.outputPath()))
                    .append(" | ").append(code(d.inputTokensPath()))
                    .append(" | ").append(code(d.outputTokensPath()))
                    .append(" | ").append(String.format(Locale.ROOT, "%.2f", d.confidence()))
                    .append(" | ").append(sample.matches(d) ? "yes" : "**no**")
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String code(String path) {
        return path == null ? "—" : "`" + path + "`";
    }
}
