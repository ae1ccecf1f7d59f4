package dev.modelport.api.v1alpha1;

/** A declared input-to-output modality of a provider model. */
public enum Modality {
    TextToText,
    TextToImage,
    ImageToText,
    AudioToText
}
