using System.Runtime.ExceptionServices;
using MassTransit;
using Microsoft.Extensions.Logging;
using OpenAccess.Contracts;

namespace OpenAccess.ServiceDefaults.Messaging;

/// <summary>
/// Runs a consumer's work on the models of a <see cref="ModelsDiscovered"/> so that one bad record does not take its message
/// with it. The models are tried together (one store transaction); when that throws, each is tried alone, in order. When some
/// go through and some do not, the bad ones are records no retry will mend: each is logged with its reason and sent, alone
/// in a <see cref="ModelsDiscovered"/> of its own, to the endpoint's <c>_error</c> queue with the reason in its fault headers,
/// and the message is done. When none goes through the cause is not a record (the store is away, or the message holds one
/// model): the exception goes to MassTransit's retry policy, and after it the whole message to <c>_error</c>.
/// </summary>
public static class ModelBatchConsumption
{
    public static async Task ConsumeAsync(
        ConsumeContext<ModelsDiscovered> context, Func<IReadOnlyList<ModelDiscovered>, Task> consume, ILogger logger)
    {
        var models = context.Message.Models;
        if (models.Count == 0) return;
        try
        {
            await consume([.. models.Select(m => m.Model)]);
            return;
        }
        catch (Exception e) when (models.Count > 1 && !context.CancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("A batch of {Count} models failed ({Reason}); trying them one at a time", models.Count, e.Message);
        }

        var failed = new List<(DiscoveredModel Model, Exception Error)>();
        foreach (var model in models)
        {
            try
            {
                await consume([model.Model]);
            }
            catch (Exception e) when (!context.CancellationToken.IsCancellationRequested)
            {
                failed.Add((model, e));
            }
        }

        if (failed.Count == models.Count)
        {
            ExceptionDispatchInfo.Throw(failed[0].Error);
        }

        foreach (var (model, error) in failed)
        {
            await SetAsideAsync(context, model, error, logger);
        }
    }

    /// <summary>The bad record to <c>_error</c>, as MassTransit moves a faulted message there: the reason in its headers.</summary>
    static async Task SetAsideAsync(ConsumeContext<ModelsDiscovered> context, DiscoveredModel model, Exception error, ILogger logger)
    {
        var queue = context.ReceiveContext.InputAddress.Segments[^1].TrimEnd('/');
        logger.LogError(error, "Model {ModelId} (message {ModelMessageId}) of batch {MessageId} could not be stored and goes to {ErrorQueue}: {Reason}",
            model.Model.Id, model.MessageId, context.MessageId, $"{queue}_error", error.Message);
        var aside = new ModelsDiscovered { Models = [model] };
        var endpoint = await context.GetSendEndpoint(new Uri($"queue:{queue}_error"));
        await endpoint.Send(aside, (SendContext<ModelsDiscovered> send) =>
        {
            send.MessageId = MessageIds.From(nameof(ModelsDiscovered), model.MessageId.ToString());
            send.Headers.Set(MessageHeaders.FaultMessage, error.Message);
            send.Headers.Set(MessageHeaders.FaultExceptionType, error.GetType().FullName);
            send.Headers.Set(MessageHeaders.FaultStackTrace, error.StackTrace);
            send.Headers.Set(MessageHeaders.FaultInputAddress, context.ReceiveContext.InputAddress.ToString());
            send.Headers.Set(MessageHeaders.FaultTimestamp, DateTime.UtcNow.ToString("O"));
            return Task.CompletedTask;
        }, context.CancellationToken);
        if (context.TryGetPayload<SetAsideModels>(out var setAside))
        {
            setAside.Add(model.MessageId);
        }
    }
}

/// <summary>
/// The models of the message being consumed that <see cref="ModelBatchConsumption"/> sent to <c>_error</c>: added by the consume
/// observer before the consumer runs, so a harvest run's progress does not count them as stored.
/// </summary>
public sealed class SetAsideModels
{
    readonly HashSet<Guid> ids = [];

    public void Add(Guid messageId)
    {
        lock (ids) ids.Add(messageId);
    }

    public bool Contains(Guid messageId)
    {
        lock (ids) return ids.Contains(messageId);
    }
}
