using System.Net;

namespace OpenAccess.Standalone.Security;

/// <summary>Where Kestrel will listen, read from the same settings it reads, and which of those addresses other machines can reach.</summary>
public static class ListenAddresses
{
    /// <summary>
    /// The addresses of <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>) or else <c>http_ports</c> / <c>https_ports</c>
    /// (every interface), and of <c>Kestrel:Endpoints:*:Url</c>, that are not loopback. A host name other than
    /// <c>localhost</c> counts as reachable: Kestrel binds every interface for it. Unix sockets and named pipes are local.
    /// </summary>
    public static IReadOnlyList<string> Reachable(IConfiguration configuration)
    {
        var addresses = Split(configuration["urls"]).ToList();
        if (addresses.Count == 0)
        {
            // As the host does: the ports settings count only when no URLs are given.
            addresses.AddRange(Split(configuration["http_ports"]).Select(port => $"http://*:{port}"));
            addresses.AddRange(Split(configuration["https_ports"]).Select(port => $"https://*:{port}"));
        }

        addresses.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        return addresses.Where(a => !IsLocal(a)).ToList();
    }

    static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    static bool IsLocal(string address)
    {
        BindingAddress binding;
        try
        {
            binding = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return false; // Kestrel refuses it at start with its own message; not ours to pass as local
        }

        if (binding.IsUnixPipe || binding.IsNamedPipe) return true;
        var host = binding.Host;
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
