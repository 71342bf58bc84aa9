using System.Text.Json.Serialization;

namespace OpenAccess.Contracts;

/// <summary>
/// A model repository on the Hugging Face Hub was seen for the first time, or its content changed
/// (new revision, new last-modified time or a new downloads bucket). Carries everything every
/// consumer needs, so no consumer has to call the Hub or the Harvester back.
/// Published by the Harvester; message id is derived from <see cref="Id"/> and <see cref="Sha"/>.
/// </summary>
public sealed record ModelDiscovered
{
    /// <summary>Hub repository id, <c>author/name</c> (e.g. <c>meta-llama/Llama-3.1-8B</c>); case as the Hub spells it.</summary>
    public required string Id { get; init; }

    /// <summary>Owner of the repository (user or organisation), the part of <see cref="Id"/> before the slash.</summary>
    public required string Author { get; init; }

    /// <summary>When the repository was created on the Hub (UTC); null when the Hub did not say.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Time of the last commit to the repository (UTC).</summary>
    public DateTimeOffset? LastModified { get; init; }

    /// <summary>Git commit sha (40 hex characters) of the revision described; null when unknown.</summary>
    public string? Sha { get; init; }

    /// <summary>The Hub's tags, verbatim (includes <c>base_model:…</c>, <c>license:…</c>, language codes).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The Hub's task label (e.g. <c>text-generation</c>); null when absent.</summary>
    public string? PipelineTag { get; init; }

    /// <summary>Library the weights load with (e.g. <c>transformers</c>, <c>gguf</c>, <c>peft</c>).</summary>
    public string? LibraryName { get; init; }

    /// <summary>Licence identifier from the card or the <c>license:</c> tag (e.g. <c>llama2</c>, <c>apache-2.0</c>).</summary>
    public string? License { get; init; }

    /// <summary>The card's <c>license_name</c>, naming the licence when <see cref="License"/> is <c>other</c> (e.g. <c>llama4</c>); null when absent.</summary>
    public string? LicenseName { get; init; }

    /// <summary>The card's <c>license_link</c>, where the licence text is (e.g. <c>https://ai.google.dev/gemma/terms</c>); null when absent.</summary>
    public string? LicenseLink { get; init; }

    /// <summary>True when downloading needs an accepted agreement (the Hub's <c>gated</c> is <c>auto</c> or <c>manual</c>).</summary>
    public bool Gated { get; init; }

    /// <summary>Total parameter count (number of parameters, not bytes) from the safetensors index; null when unknown.</summary>
    public long? ParameterCount { get; init; }

    /// <summary>Parameter count per stored dtype (e.g. <c>BF16</c> → 6,738,415,616), as the Hub's safetensors summary gives it.</summary>
    public IReadOnlyDictionary<string, long> ParametersByDtype { get; init; } = new Dictionary<string, long>();

    /// <summary>The models this one derives from, each with the kind of derivation. Empty for a pretrained base model.</summary>
    public IReadOnlyList<BaseModelLink> BaseModels { get; init; } = [];

    /// <summary>Architecture class names from <c>config.architectures</c> (e.g. <c>LlamaForCausalLM</c>).</summary>
    public IReadOnlyList<string> Architectures { get; init; } = [];

    /// <summary><c>config.model_type</c> (e.g. <c>llama</c>, <c>mistral</c>, <c>deepseek_v3</c>).</summary>
    public string? ModelType { get; init; }

    /// <summary>The config fields memory arithmetic needs; null when the Hub gave no config.</summary>
    public ModelConfigSummary? Config { get; init; }

    /// <summary>
    /// What became of the repository's own <c>config.json</c> (<c>resolve/{revision}/config.json</c>), which the Harvester fetches
    /// for family roots because the Hub's model info carries only a summary of the config (no layers or heads). When
    /// <see cref="ConfigFileOutcome.Harvested"/>, <see cref="Config"/> holds the file's fields; otherwise it says why there is
    /// none. Null when the Harvester did not ask for the file (the model is not a family root, or fetching is off).
    /// </summary>
    public ConfigFileOutcome? ConfigFile { get; init; }

    /// <summary>Languages the card declares (ISO 639-1 codes or names as written).</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>Downloads over the last 30 days, as the Hub counts them.</summary>
    public long Downloads { get; init; }

    /// <summary>Number of likes (hearts) on the repository.</summary>
    public long Likes { get; init; }

    /// <summary>
    /// The harvest run (<c>GET /api/harvest/runs/{id}</c>) that published this event; null for an event not published by a
    /// run. Consumers count what they stored of each run and report it as <see cref="HarvestRunProgress"/>. Not part of
    /// what the message id is derived from: the same model at the same revision has the same id whichever run published it.
    /// </summary>
    public string? HarvestRunId { get; init; }

    /// <summary>
    /// What the repository's file list (the Hub's <c>siblings</c>) shows: weight files by format, code and licence files. Null when
    /// the source did not list the files (then nothing is known of them, which is not the same as none). Added in round two.
    /// </summary>
    public RepositoryFiles? Files { get; init; }

    /// <summary>
    /// A bounded summary of the model card's text (README.md): its length, headings and the code and dataset links it gives, never
    /// the text itself. Null when the source did not give the card's text (the Hub's model API does not). Added in round two.
    /// </summary>
    public ModelCardSummary? Card { get; init; }
}

/// <summary>The repository's files as the Hub lists them, summarised: counts, and the names that say what was released.</summary>
public sealed record RepositoryFiles
{
    /// <summary>Files the repository lists (all of them, even past the lists' bounds).</summary>
    public int Count { get; init; }

    /// <summary>
    /// Weight files per format, by extension: <c>safetensors</c>, <c>gguf</c>, <c>bin</c> (PyTorch pickles), <c>pt</c>, <c>pth</c>,
    /// <c>ckpt</c>, <c>h5</c> (Keras/TensorFlow), <c>msgpack</c> (Flax), <c>onnx</c>, <c>npz</c>, <c>mlmodel</c>; a format absent has no entry.
    /// </summary>
    public IReadOnlyDictionary<string, int> WeightFormats { get; init; } = new Dictionary<string, int>();

    /// <summary>Python files shipped with the weights (custom modelling or training code), at most the harvester's bound (16), in listed order.</summary>
    public IReadOnlyList<string> CodeFiles { get; init; } = [];

    /// <summary>Licence files at the repository's root (<c>LICENSE</c>, <c>LICENSE.txt</c>, <c>USE_POLICY.md</c>…), at most 16.</summary>
    public IReadOnlyList<string> LicenseFiles { get; init; } = [];
}

/// <summary>
/// What the harvester read of a model card's text, within its bounds (the first <c>MaxCardScanChars</c> characters, at most
/// <c>MaxCardHeadings</c> headings and <c>MaxCardLinks</c> links of each kind). The card is untrusted text: nothing else of it is kept.
/// </summary>
public sealed record ModelCardSummary
{
    /// <summary>Characters of the card after its YAML front matter (the prose); 0 for a card with metadata only.</summary>
    public int Length { get; init; }

    /// <summary>The Markdown headings (<c>#</c> to <c>######</c>), without their marks, each cut to 120 characters, in card order.</summary>
    public IReadOnlyList<string> Headings { get; init; } = [];

    /// <summary>Code repositories the card links (<c>github.com/owner/repo</c>, <c>gitlab.com/owner/repo</c>), distinct, in card order.</summary>
    public IReadOnlyList<string> RepositoryLinks { get; init; } = [];

    /// <summary>Hub datasets the card links (<c>huggingface.co/datasets/owner/name</c>), as dataset ids, distinct, in card order.</summary>
    public IReadOnlyList<string> DatasetLinks { get; init; } = [];

    /// <summary>True when the card was longer than the scan bound, so headings and links past it were not read.</summary>
    public bool Truncated { get; init; }

    /// <summary>
    /// Hub models the card names (a <c>huggingface.co/owner/name</c> link, or <c>owner/name</c> after a space, a bracket, a quote
    /// or a backtick), in card order, each once (case-insensitive), the model itself and non-model paths (<c>datasets</c>,
    /// <c>spaces</c>…) left out, at most <c>MaxCardModelMentions</c> (32 by default). The whole card is read for them, front matter
    /// included, up to <c>MaxCardScanChars</c>. Lineage takes them as evidence of an undeclared parent. Added in contracts 1.2.
    /// </summary>
    public IReadOnlyList<ModelMention> ModelMentions { get; init; } = [];
}

/// <summary>A Hub model a card names, and what the words just before it say the card's model is of it.</summary>
/// <param name="Id">The Hub id as the card writes it (<c>owner/name</c>, at most 96 characters each side of the slash).</param>
/// <param name="Derivation">
/// The derivation a phrase in the 80 characters before the id states ("fine-tuned from", "based on", "quantized version of",
/// "LoRA adapter for", "merge of"…): the most specific wins (quantized, then adapter, then merge, else finetune); null when no
/// such phrase stands there (the card only names the model).
/// </param>
public sealed record ModelMention(string Id, BaseModelRelation? Derivation);

/// <summary>The outcome of fetching a repository's <c>config.json</c> at one revision.</summary>
public sealed record ConfigFileOutcome
{
    /// <summary>The revision (commit sha) the file was asked for.</summary>
    public required string Revision { get; init; }

    /// <summary>True when the file was read and its fields are in <see cref="ModelDiscovered.Config"/>.</summary>
    public bool Harvested { get; init; }

    /// <summary>
    /// Why the file was not harvested, in words a user can act on (e.g. <c>HTTP 401: the repository is gated and HF_TOKEN is not
    /// set</c>, <c>HTTP 404: no config.json at this revision</c>, the size limit, the JSON error); null when harvested.
    /// </summary>
    public string? Failure { get; init; }

    /// <summary>
    /// Where the file came from: null for the repository on the Hub (<c>resolve/{revision}/config.json</c>), <c>bundled</c> for
    /// a copy shipped with the host's seed data (the Standalone host's <c>Seed/configs</c>, each copy's source cited in its
    /// README), used in place of the Hub's file until the Hub gives it.
    /// </summary>
    public string? Source { get; init; }
}

/// <summary>One parent of a derived model.</summary>
/// <param name="Id">Hub id of the parent model.</param>
/// <param name="Relation">How the child derives from the parent.</param>
public sealed record BaseModelLink(string Id, BaseModelRelation Relation);

/// <summary>
/// Kind of derivation, from the Hub's <c>base_model:&lt;relation&gt;:&lt;id&gt;</c> tags. Written as its name
/// (<c>"Finetune"</c>), and read as its name by any System.Text.Json reader of the record, whatever its options: a subscriber
/// on MassTransit's default serializer needs no converter of its own.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<BaseModelRelation>))]
public enum BaseModelRelation
{
    /// <summary>Weights further trained from the parent (full or merged fine-tune). The Hub's default when no relation is given.</summary>
    Finetune,
    /// <summary>An adapter (e.g. LoRA) applied on top of the parent's weights.</summary>
    Adapter,
    /// <summary>The parent's weights stored at lower precision (GGUF, GPTQ, AWQ, bitsandbytes…).</summary>
    Quantized,
    /// <summary>Weights combined from several parents (mergekit and the like).</summary>
    Merge,
}

/// <summary>
/// The <c>config.json</c> fields that KV-cache and weight-memory arithmetic need. Counts are plain
/// numbers; sizes are in elements (not bytes) unless named otherwise. Null means the config did not say.
/// </summary>
public sealed record ModelConfigSummary
{
    /// <summary>Transformer layers (<c>num_hidden_layers</c>).</summary>
    public int? NumHiddenLayers { get; init; }
    /// <summary>Query attention heads (<c>num_attention_heads</c>).</summary>
    public int? NumAttentionHeads { get; init; }
    /// <summary>Key-value heads (<c>num_key_value_heads</c>); equal to the attention heads for multi-head attention, 1 for multi-query.</summary>
    public int? NumKeyValueHeads { get; init; }
    /// <summary>Dimension of one attention head (<c>head_dim</c>, else hidden size / attention heads).</summary>
    public int? HeadDim { get; init; }
    /// <summary>Model width (<c>hidden_size</c>).</summary>
    public int? HiddenSize { get; init; }
    /// <summary>Tokens a sliding-window attention layer attends to (<c>sliding_window</c>); null when every layer is global.</summary>
    public int? SlidingWindow { get; init; }
    /// <summary>Compressed key-value rank of multi-head latent attention (<c>kv_lora_rank</c>, DeepSeek-V2/V3).</summary>
    public int? KvLoraRank { get; init; }
    /// <summary>Compressed query rank of multi-head latent attention (<c>q_lora_rank</c>).</summary>
    public int? QLoraRank { get; init; }
    /// <summary>Per-head dimension of the rotary part of keys in multi-head latent attention (<c>qk_rope_head_dim</c>).</summary>
    public int? QkRopeHeadDim { get; init; }
    /// <summary>Routed experts per mixture-of-experts layer (<c>n_routed_experts</c> / <c>num_local_experts</c> / <c>num_experts</c>).</summary>
    public int? NumExperts { get; init; }
    /// <summary>Experts each token is routed to (<c>num_experts_per_tok</c>).</summary>
    public int? NumExpertsPerToken { get; init; }
    /// <summary>Always-active shared experts per layer (<c>n_shared_experts</c>).</summary>
    public int? NumSharedExperts { get; init; }
    /// <summary>Longest context the model was built for, in tokens (<c>max_position_embeddings</c>).</summary>
    public int? MaxPositionEmbeddings { get; init; }
    /// <summary>Stored weight dtype (<c>torch_dtype</c>, e.g. <c>bfloat16</c>).</summary>
    public string? TorchDtype { get; init; }
    /// <summary>Quantization method from <c>quantization_config.quant_method</c> (e.g. <c>fp8</c>, <c>gptq</c>, <c>awq</c>).</summary>
    public string? QuantizationMethod { get; init; }
    /// <summary>Bits per quantized weight (<c>quantization_config.bits</c>), when stated.</summary>
    public int? QuantizationBits { get; init; }
    /// <summary>Width of the feed-forward layer (<c>intermediate_size</c>), elements.</summary>
    public int? IntermediateSize { get; init; }
    /// <summary>Width of one expert's feed-forward layer (<c>moe_intermediate_size</c>), elements.</summary>
    public int? MoeIntermediateSize { get; init; }
    /// <summary>Tokens in the vocabulary (<c>vocab_size</c>).</summary>
    public int? VocabSize { get; init; }
    /// <summary>True when the output projection shares the input embedding's weights (<c>tie_word_embeddings</c>).</summary>
    public bool? TieWordEmbeddings { get; init; }
    /// <summary>Leading layers that stay dense in a mixture-of-experts model (<c>first_k_dense_replace</c>).</summary>
    public int? FirstKDenseReplace { get; init; }
    /// <summary>Per-head dimension of the non-rotary part of queries and keys in multi-head latent attention (<c>qk_nope_head_dim</c>).</summary>
    public int? QkNopeHeadDim { get; init; }
    /// <summary>Per-head dimension of values in multi-head latent attention (<c>v_head_dim</c>).</summary>
    public int? VHeadDim { get; init; }
    /// <summary>Context extension factor of RoPE scaling (<c>rope_scaling.factor</c>).</summary>
    public double? RopeScalingFactor { get; init; }
    /// <summary>Context the model was trained at before RoPE scaling (<c>rope_scaling.original_max_position_embeddings</c>), tokens.</summary>
    public int? RopeScalingOriginalMaxPositionEmbeddings { get; init; }
    /// <summary>Whether sliding-window attention is switched on (<c>use_sliding_window</c>); some configs name a window they do not use.</summary>
    public bool? UseSlidingWindow { get; init; }
    /// <summary>Attention kind of each layer (<c>layer_types</c>, e.g. <c>sliding_attention</c>, <c>full_attention</c>), in layer order.</summary>
    public IReadOnlyList<string>? LayerTypes { get; init; }
}
