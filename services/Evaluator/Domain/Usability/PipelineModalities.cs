namespace OpenAccess.Evaluator.Domain;

/// <summary>Input and output modalities implied by the Hub's pipeline tag.</summary>
public static class PipelineModalities
{
    private static readonly Dictionary<string, Modalities> ByTag = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text-generation"] = Of([Modality.Text], [Modality.Text]),
        ["text2text-generation"] = Of([Modality.Text], [Modality.Text]),
        ["summarization"] = Of([Modality.Text], [Modality.Text]),
        ["translation"] = Of([Modality.Text], [Modality.Text]),
        ["question-answering"] = Of([Modality.Text], [Modality.Text]),
        ["fill-mask"] = Of([Modality.Text], [Modality.Text]),
        ["text-classification"] = Of([Modality.Text], [Modality.Label]),
        ["token-classification"] = Of([Modality.Text], [Modality.Label]),
        ["zero-shot-classification"] = Of([Modality.Text], [Modality.Label]),
        ["feature-extraction"] = Of([Modality.Text], [Modality.Embedding]),
        ["sentence-similarity"] = Of([Modality.Text], [Modality.Embedding]),
        ["image-text-to-text"] = Of([Modality.Image, Modality.Text], [Modality.Text]),
        ["visual-question-answering"] = Of([Modality.Image, Modality.Text], [Modality.Text]),
        ["image-to-text"] = Of([Modality.Image], [Modality.Text]),
        ["text-to-image"] = Of([Modality.Text], [Modality.Image]),
        ["image-to-image"] = Of([Modality.Image], [Modality.Image]),
        ["image-classification"] = Of([Modality.Image], [Modality.Label]),
        ["object-detection"] = Of([Modality.Image], [Modality.Label]),
        ["image-feature-extraction"] = Of([Modality.Image], [Modality.Embedding]),
        ["automatic-speech-recognition"] = Of([Modality.Audio], [Modality.Text]),
        ["audio-classification"] = Of([Modality.Audio], [Modality.Label]),
        ["text-to-speech"] = Of([Modality.Text], [Modality.Audio]),
        ["text-to-audio"] = Of([Modality.Text], [Modality.Audio]),
        ["audio-text-to-text"] = Of([Modality.Audio, Modality.Text], [Modality.Text]),
        ["text-to-video"] = Of([Modality.Text], [Modality.Video]),
        ["image-to-video"] = Of([Modality.Image], [Modality.Video]),
        ["video-text-to-text"] = Of([Modality.Video, Modality.Text], [Modality.Text]),
        ["video-classification"] = Of([Modality.Video], [Modality.Label]),
    };

    /// <returns>Null when the tag is missing or not one the table knows.</returns>
    public static Modalities? FromPipelineTag(string? pipelineTag) =>
        pipelineTag is not null && ByTag.TryGetValue(pipelineTag.Trim(), out var modalities) ? modalities : null;

    private static Modalities Of(Modality[] input, Modality[] output) => new(input, output);
}
