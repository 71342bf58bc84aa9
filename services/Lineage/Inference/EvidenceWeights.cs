namespace OpenAccess.Lineage.Inference;

/// <summary>
/// How much each kind of evidence is worth alone, as the probability that the parent it names is the declared one. Evidence
/// for one candidate combines as independent signals (1 − Π(1 − p)). The values come from the evaluation draw with seed 1
/// over the real crawls (docs/lineage.md "Undeclared parents", which says how, and reports a different draw).
/// </summary>
public static class EvidenceWeights
{
    /// <summary><c>base_model_name_or_path</c> of an adapter config naming a known model: the file the adapter loads its base by.</summary>
    public const double AdapterConfig = 0.97;

    /// <summary>
    /// The card says "fine-tuned from / based on / quantized version of" right before the model's Hub id (the Trainer's
    /// generated card: "This model is a fine-tuned version of [org/name](https://huggingface.co/org/name)"): 128 of 128 right
    /// alone on the calibration draw.
    /// </summary>
    public const double CardPhrase = 0.95;

    /// <summary>
    /// The card names the model (a link, an id) with no derivation phrase before it: the first Hub model a card names is
    /// mostly its base (a quantizer's "Original model: …", a link in the introduction): 88 of 89 right on the calibration
    /// draw with the same model type, 9 of 11 without (other evidence included).
    /// </summary>
    public const double CardMention = 0.8;

    /// <summary>The name is a known model's name plus format words only (<c>-GGUF</c>, <c>-AWQ</c>, <c>-Q4_K_M</c>, <c>-lora</c>).</summary>
    public const double NameFormat = 0.75;

    /// <summary>The same, where the parent is by the same author: often a re-export of the author's own fine-tune, sometimes of its base.</summary>
    public const double NameFormatSameAuthor = 0.6;

    /// <summary>The whole name is another model's name: a copy or a sibling as often as a child.</summary>
    public const double NameSame = 0.2;

    /// <summary>
    /// The name starts with the same author's earlier model's name (<c>x-v2</c> after <c>x</c>): mostly a sibling in a series
    /// (2 of 25 right on the calibration draw), so no candidate at all, whatever else agrees.
    /// </summary>
    public const double NamePrefixSameAuthor = 0;

    /// <summary>The name starts with a known model's name and goes on (<c>gemma-7b-sft-dolly</c>).</summary>
    public const double NamePrefix = 0.25;

    /// <summary>A known model's name stands inside the name (<c>persona-generator-llama-2-7b-qlora-merged</c>).</summary>
    public const double NameInside = 0.1;

    /// <summary>
    /// The matched name is carried by several earlier models and the earliest is taken: the weight of the name's class then.
    /// Counter to first thought this is surer than a name only one model carries: the earliest of several same-named models
    /// is mostly the original (<c>meta-llama/Llama-2-7b-chat-hf</c> before its re-uploads), while a name one model carries is
    /// often a short common one another author happened to use.
    /// </summary>
    public const double NameFormatShared = 0.85, NamePrefixShared = 0.7, NameInsideShared = 0.75;

    /// <summary>The name is the author and name of a known model with format words added (<c>PrunaAI/google-gemma-7b-AWQ-4bit-smashed</c>).</summary>
    public const double NameFormatQualified = 0.95;

    /// <summary>The same config shape as one of a few models (alone; as support of another evidence see <see cref="ShapeSupport"/>).</summary>
    public const double ShapeAlone = 0.35;

    /// <summary>A candidate named by other evidence has the model's exact config shape.</summary>
    public const double ShapeSupport = 0.5;

    /// <summary>The same author published the candidate.</summary>
    public const double SameAuthor = 0.3;

    /// <summary>
    /// The same <c>model_type</c> (a different one rules the candidate out), for a candidate the card names; for one the name
    /// names it adds nothing (a name match is of the family, whose type agrees anyway: name links with it held 7 times in 14
    /// on the calibration draw, no better than name links without it).
    /// </summary>
    public const double SameModelType = 0.5;
}
