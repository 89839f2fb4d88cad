using System.Text;
using Microsoft.AspNetCore.Connections;
using RustyOnions.Transport.Tls.Connections;

namespace RustyOnions.Transport.Tls.Tests.Support;

/// <summary>
/// Writes the remote PeerId the server sees (64 hex digits, or 64 '-' when anonymous) and a newline, then
/// echoes every byte until the client closes.
/// </summary>
internal sealed class GreetingEchoHandler(ServerLog log) : ConnectionHandler
{
    internal const int GreetingLength = 65;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var peer = connection.GetRemotePeer();
        log.Record(peer);
        var greeting = (peer?.ToString() ?? new string('-', 64)) + "\n";
        await connection.Transport.Output.WriteAsync(Encoding.ASCII.GetBytes(greeting), connection.ConnectionClosed);
        var input = connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(connection.ConnectionClosed);
            foreach (var segment in result.Buffer)
            {
                await connection.Transport.Output.WriteAsync(segment, connection.ConnectionClosed);
            }

            input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                break;
            }
        }
    }
}
