using System.Security.Cryptography;
using System.Text;

namespace OpenAccess.ServiceDefaults.Messaging;

/// <summary>
/// Deterministic message ids (name-based UUID, version 5 layout over SHA-1): the same model at the same
/// revision always gets the same id, so a replay or redelivery is recognisable as such.
/// </summary>
public static class MessageIds
{
    public static Guid From(params string?[] parts)
    {
        var text = string.Join('\u001f', parts.Select(p => p ?? string.Empty));
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(Encoding.UTF8.GetBytes(text), hash);
        var bytes = hash[..16].ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
