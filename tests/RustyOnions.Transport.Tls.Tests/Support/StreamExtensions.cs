using System.Text;

namespace RustyOnions.Transport.Tls.Tests.Support;

internal static class StreamExtensions
{
    internal static async Task<string> ReadGreetingAsync(this Stream stream, CancellationToken ct)
    {
        var buffer = new byte[GreetingEchoHandler.GreetingLength];
        await stream.ReadExactlyAsync(buffer, ct);
        return Encoding.ASCII.GetString(buffer, 0, 64);
    }

    /// <summary>Writes <paramref name="data"/> and reads the same number of bytes back.</summary>
    internal static async Task<byte[]> EchoAsync(this Stream stream, byte[] data, CancellationToken ct)
    {
        await stream.WriteAsync(data, ct);
        await stream.FlushAsync(ct);
        var back = new byte[data.Length];
        await stream.ReadExactlyAsync(back, ct);
        return back;
    }
}
