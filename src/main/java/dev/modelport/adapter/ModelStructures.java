package dev.modelport.adapter;

import dev.modelport.adapter.custom.CustomStructure;
import dev.modelport.adapter.custom.ResponseExtractor;
import dev.modelport.adapter.detect.Detection;
import dev.modelport.adapter.detect.PathDetector;
import dev.modelport.adapter.provider.ProviderStructures;
import dev.modelport.api.v1alpha1.DetectedPaths;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.ProviderApi;
import dev.modelport.api.v1alpha1.ResponsePaths;

/** Builds the Structure of a model spec: what the connectivity test and the gateway both call through. */
public final class ModelStructures {

    private ModelStructures() {
    }

    /**
     * The structure of a spec. For custom models, reading answers needs an output path: the spec's, else the
     * detected one (detected may be null before the first test; parsing then fails with PathNotFound).
     */
    public static Structure of(ExternalModelSpec spec, DetectedPaths detected) throws AdapterException {
        if (spec.configuration.provider != null) {
            return ProviderStructures.of(spec.configuration.provider);
        }
        ResponsePaths paths = effectivePaths(spec, detected);
        ResponseExtractor extractor = paths.outputPath == null ? null
                : new ResponseExtractor(paths.outputPath, paths.inputTokensPath, paths.outputTokensPath,
                        paths.finishReasonPath);
        return new CustomStructure(spec.configuration.custom, extractor);
    }

    /** Per path, the spec's when set, else the detected one; for provider structures, their known paths. */
    public static ResponsePaths effectivePaths(ExternalModelSpec spec, DetectedPaths detected) {
        ResponsePaths effective = new ResponsePaths();
        if (spec.configuration.provider != null) {
            Detection known = knownPaths(spec.configuration.provider.api);
            effective.outputPath = known.outputPath();
            effective.inputTokensPath = known.inputTokensPath();
            effective.outputTokensPath = known.outputTokensPath();
            return effective;
        }
        ResponsePaths declared = spec.configuration.custom.response;
        effective.outputPath = first(declared == null ? null : declared.outputPath,
                detected == null ? null : detected.outputPath);
        effective.inputTokensPath = first(declared == null ? null : declared.inputTokensPath,
                detected == null ? null : detected.inputTokensPath);
        effective.outputTokensPath = first(declared == null ? null : declared.outputTokensPath,
                detected == null ? null : detected.outputTokensPath);
        if (declared != null) {
            effective.finishReasonPath = declared.finishReasonPath;
            effective.errorMessagePath = declared.errorMessagePath;
        }
        return effective;
    }

    public static Detection knownPaths(ProviderApi api) {
        return api == ProviderApi.AnthropicMessages ? PathDetector.anthropicMessages()
                : PathDetector.openAiChatCompletions();
    }

    private static String first(String preferred, String fallback) {
        return preferred != null ? preferred : fallback;
    }
}
