using System.Runtime.CompilerServices;
using MassTransit;
using MassTransit.Serialization;

namespace OpenAccess.ServiceDefaults.Messaging.Envelope;

/// <summary>
/// The bytes of a received body without copying them where MassTransit holds them as memory (<see cref="MemoryMessageBody"/>,
/// RabbitMQ's deliveries). Its <c>GetBytes</c> copies the body into a new array, on the large-object heap for a body of
/// 100 models (about 124 KiB), to be read once and dropped; its <c>GetString</c> reads the same memory this does, for as long
/// as the receive context lives. Any other body, or a MassTransit whose body keeps its memory elsewhere, is read with
/// <c>GetBytes</c>.
/// </summary>
public static class ReceivedBytes
{
    static bool fieldMissing;

    public static ReadOnlyMemory<byte> Of(MessageBody body)
    {
        if (body is MemoryMessageBody memoryBody && !fieldMissing)
        {
            try
            {
                return MemoryOf(memoryBody);
            }
            catch (MissingFieldException)
            {
                fieldMissing = true;
            }
        }

        return body.GetBytes();
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_memory")]
    static extern ref ReadOnlyMemory<byte> MemoryOf(MemoryMessageBody body);
}
