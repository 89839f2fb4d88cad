using System.Net.Sockets;

namespace RustyOnions.Transport.Tor.Control;

public sealed partial class TorControlClient
{
    private async Task ReadLoopAsync()
    {
        var reader = new TorControlLineReader(_stream, _opts.MaxLineLength);
        var parser = new TorControlReplyParser(_opts.MaxReplyBytes);
        try
        {
            while (true)
            {
                var line = await reader.ReadLineAsync(_disposeCts.Token).ConfigureAwait(false);
                if (line is null)
                {
                    Fail(new TorControlConnectionException(
                        $"tor closed the control connection to {Describe(_opts.Endpoint)} (tor exited, or closed it after an error)"));
                    return;
                }

                if (parser.Feed(line) is not { } reply)
                {
                    continue;
                }

                if (reply.IsEvent)
                {
                    Dispatch(TorControlEvent.From(reply));
                }
                else if (_pending.TryDequeue(out var waiter))
                {
                    waiter.TrySetResult(reply);
                }
                else
                {
                    throw new TorControlConnectionException($"tor sent a reply nobody asked for: {reply.Status} {reply.Text}");
                }
            }
        }
        catch (OperationCanceledException) when (_disposeCts.IsCancellationRequested)
        {
            Fail(new TorControlConnectionException("the tor control client was disposed"));
        }
        catch (TorControlConnectionException ex)
        {
            Fail(ex);
            _socket.Dispose();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            Fail(new TorControlConnectionException(
                $"lost the tor control connection to {Describe(_opts.Endpoint)}: {ex.Message}", ex));
        }
    }

    private void Dispatch(TorControlEvent evt)
    {
        _events.Writer.TryWrite(evt);
        foreach (var callback in _subscribers)
        {
            try
            {
                callback(evt);
            }
#pragma warning disable CA1031 // A subscriber's bug must not kill the connection shared by everyone.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private void Fail(Exception failure)
    {
        _failure ??= failure;
        _events.Writer.TryComplete();
        while (_pending.TryDequeue(out var waiter))
        {
            waiter.TrySetException(new TorControlConnectionException(_failure.Message, _failure));
        }
    }
}
