using OpenAccess.Fitting.Extensions;
using OpenAccess.Fitting.Storage;

namespace OpenAccess.Fitting.Refitting;

/// <summary>
/// The m the consumer fits with right now: the configured one, or the last estimate (kept in the store,
/// so a restart does not fall back to the initial m until the next estimate).
/// </summary>
public sealed class SharedM(FittingOptions options, FittingStore store)
{
    SharedMValue? current;

    public async Task<SharedMValue> CurrentAsync(CancellationToken cancellationToken)
    {
        if (current is { } known)
            return known;
        if (options.FixedM is { } fixedM)
            return current = new SharedMValue(fixedM, SharedMValue.Configured, 0, null, []);
        return current = await store.SharedM.GetAsync(FittingStore.CurrentM, cancellationToken)
            ?? new SharedMValue(options.InitialM, SharedMValue.Initial, 0, null, []);
    }

    public async Task SetAsync(SharedMValue value, CancellationToken cancellationToken)
    {
        await store.SharedM.UpsertAsync(FittingStore.CurrentM, value, cancellationToken);
        current = value;
    }
}
