using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Tests.Fixtures;

namespace OpenAccess.Evaluator.Tests.Memory;

public class KvCacheCalculatorTests
{
    private const int Context128K = 128_000;

    // Known BF16 answers at 128,000 tokens, two decimals of GiB (8B and 70B as Hugging Face published them).
    [Theory]
    [InlineData(ConfigFixture.Llama8B, 15.62)]
    [InlineData(ConfigFixture.Llama70B, 39.06)]
    [InlineData(ConfigFixture.Llama405B, 61.52)]
    public void Llama_3_1_cache_at_128K_tokens_matches_the_known_answers(string config, double expectedGib)
    {
        var estimate = KvCacheCalculator.Estimate(ConfigFixture.LoadShape(config), Context128K);

        Assert.Equal(expectedGib, estimate.Total.Gibibytes, 0.006);
    }

    [Fact]
    public void Llama_3_1_8B_stores_128_KiB_per_token_in_BF16()
    {
        // 2 (key and value) · 32 layers · 8 KV heads · 128 head dim · 2 bytes = 131,072 bytes.
        var estimate = KvCacheCalculator.Estimate(ConfigFixture.LoadShape(ConfigFixture.Llama8B), 1);

        Assert.Equal(2 * 32 * 8 * 128 * 2, estimate.BytesPerToken);
        Assert.Equal(131_072, estimate.Total.Bytes);
    }

    [Fact]
    public void The_405B_early_FP8_repo_with_16_KV_heads_gives_the_papers_123_05_GiB()
    {
        var eightHeads = ConfigFixture.LoadShape(ConfigFixture.Llama405B);
        var sixteenHeads = eightHeads with { KeyValueHeads = 16 };

        var estimate = KvCacheCalculator.Estimate(sixteenHeads, Context128K);

        // 2 · 126 · 16 · 128 · 2 B = 1,032,192 B per token; × 128,000 = 132,120,576,000 B = 123.05 GiB (132.12 GB:
        // the paper's "123.05 GB" is in binary units).
        Assert.Equal(132_120_576_000, estimate.Total.Bytes);
        Assert.Equal(123.05, Math.Round(estimate.Total.Gibibytes, 2));
        Assert.Equal(132.12, Math.Round(estimate.Total.Gigabytes, 2));
    }

    [Fact]
    public void Mistral_7B_caches_at_most_its_4096_token_window_on_every_layer()
    {
        var shape = ConfigFixture.LoadShape(ConfigFixture.Mistral7B);
        // Per token 2 · 32 layers · 8 KV heads · 128 · 2 B = 131,072 B; every layer stops at 4,096 tokens:
        // 131,072 · 4,096 = 536,870,912 B = exactly 0.5 GiB, whatever the context beyond the window.
        const long windowFull = 2L * 32 * 8 * 128 * 2 * 4096;

        var atMaxContext = KvCacheCalculator.Estimate(shape, 32_768);
        var at128K = KvCacheCalculator.Estimate(shape, Context128K);
        var belowWindow = KvCacheCalculator.Estimate(shape, 1_000);

        Assert.Equal(32, atMaxContext.WindowedLayers);
        Assert.Equal(windowFull, atMaxContext.Total.Bytes);
        Assert.Equal(0.5, at128K.Total.Gibibytes);
        Assert.True(at128K.ExceedsModelContext); // 128,000 > max_position_embeddings 32,768
        Assert.False(atMaxContext.ExceedsModelContext);
        Assert.Equal(131_072L * 1_000, belowWindow.Total.Bytes);
    }

    [Fact]
    public void DeepSeek_V3_caches_the_compressed_latent_not_128_heads()
    {
        var shape = ConfigFixture.LoadShape(ConfigFixture.DeepSeekV3);
        // MLA: 61 layers · (kv_lora_rank 512 + qk_rope_head_dim 64) · 2 B = 70,272 B per token;
        // × 128,000 = 8,994,816,000 B = 8.38 GiB. Full multi-head caching would be 2 · 61 · 128 · 128 · 2 B per token,
        // 3,997,696 B: 56.9 times more.
        var estimate = KvCacheCalculator.Estimate(shape, Context128K);

        Assert.Equal(61 * (512 + 64) * 2, estimate.BytesPerToken);
        Assert.Equal(8_994_816_000, estimate.Total.Bytes);
        Assert.Equal(8.38, Math.Round(estimate.Total.Gibibytes, 2));
    }

    [Fact]
    public void Gemma_2_style_alternating_layers_window_only_the_local_half()
    {
        // Gemma-2-9B-shaped: 42 layers, 8 KV heads of 256, window 4,096, local and global layers alternating.
        var shape = new ModelShape { Layers = 42, AttentionHeads = 16, KeyValueHeads = 8, HeadDim = 256, SlidingWindow = 4096, SlidingWindowLayers = SlidingWindowLayout.WindowedLayers("gemma2", 42, 4096) };
        const long perLayerPerToken = 2L * 8 * 256 * 2; // 8,192 B

        var estimate = KvCacheCalculator.Estimate(shape, 8_192);

        // 21 global layers hold 8,192 tokens, 21 local layers hold 4,096.
        Assert.Equal(21, estimate.WindowedLayers);
        Assert.Equal(perLayerPerToken * (21 * 8_192 + 21 * 4_096), estimate.Total.Bytes);
    }

    [Fact]
    public void Batch_multiplies_and_an_FP8_cache_halves_the_BF16_cache()
    {
        var shape = ConfigFixture.LoadShape(ConfigFixture.Llama70B);
        var one = KvCacheCalculator.Estimate(shape, 8_192);

        var batch = KvCacheCalculator.Estimate(shape, 8_192, batchSize: 4);
        var fp8 = KvCacheCalculator.Estimate(shape, 8_192, precision: Precision.Fp8);

        Assert.Equal(4 * one.Total.Bytes, batch.Total.Bytes);
        Assert.Equal(one.Total.Bytes / 2, fp8.Total.Bytes);
    }

    [Theory]
    [InlineData(-1, 1, "Context length is -1")]
    [InlineData(0, 1, "Context length is 0")]
    [InlineData(4096, 0, "Batch size is 0")]
    public void Bad_context_or_batch_is_refused_with_the_reason(int context, int batch, string expected)
    {
        var shape = ConfigFixture.LoadShape(ConfigFixture.Llama8B);

        var error = Assert.Throws<AccessCalculationException>(() => KvCacheCalculator.Estimate(shape, context, batch));

        Assert.Contains(expected, error.Message);
    }
}
