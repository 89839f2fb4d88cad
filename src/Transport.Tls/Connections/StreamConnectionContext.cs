using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace RustyOnions.Transport.Tls.Connections;

/// <summary>A <see cref="ConnectionContext"/> over a duplex stream (the client side of a TLS link).</summary>
internal sealed class StreamConnectionContext : ConnectionContext
{
    private readonly Stream _stream;
    private readonly CancellationTokenSource _closed = new();
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private int _disposed;

    internal StreamConnectionContext(Stream stream, EndPoint? local, EndPoint? remote, IRonPeerFeature peer)
    {
        _stream = stream;
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        Transport = new DuplexPipe(_input, _output);
        LocalEndPoint = local;
        RemoteEndPoint = remote;
        ConnectionId = "ron-tls-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        Features.Set(peer);
        Features.Set<IStreamFeature>(new StreamFeature(stream));
    }

    public override string ConnectionId { get; set; }

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    public override IDuplexPipe Transport { get; set; }

    public override CancellationToken ConnectionClosed
    {
        get => _closed.Token;
        set => throw new NotSupportedException("ConnectionClosed of a TLS client connection is owned by the connection");
    }

    public override void Abort(ConnectionAbortedException abortReason)
    {
        // Disposing the stream fails pending reads and writes at once; that is what abort means here.
        _closed.Cancel();
        _stream.Dispose();
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _output.CompleteAsync().ConfigureAwait(false);
        await _input.CompleteAsync().ConfigureAwait(false);
        await _closed.CancelAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _closed.Dispose();
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
