using Microsoft.AspNetCore.Hosting;

namespace OpenAccess.Testing;

/// <summary>A test host on real Kestrel, on a loopback port of its own.</summary>
public static class Kestrel
{
    /// <summary>
    /// Has the app listen on a free loopback port, chosen when Kestrel binds. Call it from the factory's <c>ConfigureWebHost</c>,
    /// with <c>UseKestrel()</c> and no port: <c>UseKestrel(0)</c> rewrites the server's addresses after the app is built, while
    /// a minimal-hosting app is already starting Kestrel on its own thread, and when Kestrel binds first the rewrite throws
    /// "IServerAddressesFeature.Addresses cannot be modified after the server has started" (dotnet/aspnetcore#67714; it failed
    /// a CI run here).
    /// </summary>
    public static IWebHostBuilder OnFreeLoopbackPort(this IWebHostBuilder builder) => builder.UseUrls("http://127.0.0.1:0");
}
