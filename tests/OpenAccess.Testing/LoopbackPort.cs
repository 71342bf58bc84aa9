using System.Net;
using System.Net.Sockets;

namespace OpenAccess.Testing;

/// <summary>A free loopback port for a process the test starts itself, which must be told its port before it binds.</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
