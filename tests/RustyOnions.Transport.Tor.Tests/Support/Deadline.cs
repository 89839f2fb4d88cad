using RustyOnions.Transport.Tor.Socks;

namespace RustyOnions.Transport.Tor.Tests.Support;

internal static class Deadline
{
    /// <summary>
    /// Dials through SOCKS, retrying transient onion errors (descriptor not yet on the HSDirs, intro
    /// failed) every 0.5 s until the deadline, as the private-network note recommends.
    /// </summary>
    public static async Task<Stream> DialWithRetryAsync(Socks5Dialer dialer, string host, int port, TimeSpan within, CancellationToken ct)
    {
        var end = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                return await dialer.ConnectAsync(host, port, ct);
            }
            catch (SocksException ex) when (ex.IsTransient && DateTime.UtcNow < end)
            {
                await Task.Delay(500, ct);
            }
        }
    }
}
