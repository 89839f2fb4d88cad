using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace RustyOnions.Transport.Tor.Control;

/// <summary>
/// A client for tor's control protocol (control-spec) over TCP or a Unix socket. Commands may be
/// issued concurrently; replies are matched in order. Asynchronous events (650) are delivered to
/// <see cref="Events"/> and to <see cref="Subscribe"/> callbacks while commands are in flight.
/// </summary>
public sealed partial class TorControlClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly TorControlOpts _opts;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentQueue<TaskCompletionSource<TorControlReply>> _pending = new();
    private readonly Channel<TorControlEvent> _events;
    private readonly Lock _subscribersLock = new();
    private readonly CancellationTokenSource _disposeCts = new();
    private readonly Task _readLoop;
    private Action<TorControlEvent>[] _subscribers = [];
    private volatile Exception? _failure;
    private int _disposed;

    private TorControlClient(Socket socket, TorControlOpts opts)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _opts = opts;
        _events = Channel.CreateBounded<TorControlEvent>(new BoundedChannelOptions(opts.EventBufferCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleWriter = true,
        });
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Asynchronous events, oldest dropped when <see cref="TorControlOpts.EventBufferCapacity"/> is exceeded.</summary>
    public ChannelReader<TorControlEvent> Events => _events.Reader;

    /// <summary>The options this client was opened with.</summary>
    public TorControlOpts Options => _opts;

    /// <summary>Connects to tor's control port. Throws <see cref="TorControlConnectionException"/> if tor is not listening.</summary>
    public static async Task<TorControlClient> ConnectAsync(TorControlOpts opts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(opts);
        opts.Validate();
        var socket = opts.Endpoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(opts.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(opts.Endpoint, timeout.Token).ConfigureAwait(false);
            if (socket.AddressFamily != AddressFamily.Unix)
            {
                socket.NoDelay = true;
            }
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            var hint = ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported
                ? " (is tor running with ControlPort/ControlSocket set to this address?)"
                : string.Empty;
            throw new TorControlConnectionException($"cannot connect to the tor control port {Describe(opts.Endpoint)}: {ex.SocketErrorCode}{hint}", ex);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TorControlConnectionException($"connecting to the tor control port {Describe(opts.Endpoint)} timed out after {opts.ConnectTimeout.TotalSeconds:0.#} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new TorControlClient(socket, opts);
    }

    /// <summary>
    /// Sends one raw command line (no CRLF) and returns tor's reply, whatever its status.
    /// Throws <see cref="TorControlConnectionException"/> if the connection is or gets lost.
    /// </summary>
    public async Task<TorControlReply> SendRawAsync(string command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        TorControlSyntax.EnsureNoNewline(command, nameof(command));
        ThrowIfFailed();
        var tcs = new TaskCompletionSource<TorControlReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bytes = Encoding.UTF8.GetBytes(command + "\r\n");
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ThrowIfFailed();
            // Enqueue before writing so the read loop can never see a reply without its waiter.
            _pending.Enqueue(tcs);
            if (_failure is { } lost)
            {
                // The read loop may have drained the queue just before we enqueued.
                Fail(lost);
            }

            try
            {
                await _stream.WriteAsync(bytes, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
            {
                Fail(new TorControlConnectionException($"lost the tor control connection while sending '{Verb(command)}': {ex.Message}", ex));
            }
        }
        finally
        {
            _writeLock.Release();
        }

        return await tcs.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Sends a command and throws <see cref="TorControlException"/> unless tor answers 2xx.</summary>
    public async Task<TorControlReply> SendCommandAsync(string command, CancellationToken ct)
    {
        var reply = await SendRawAsync(command, ct).ConfigureAwait(false);
        return reply.EnsureSuccess(Verb(command));
    }

    /// <summary>Registers a callback for every asynchronous event; dispose the result to unregister. Callbacks run on the read loop: keep them short.</summary>
    public IDisposable Subscribe(Action<TorControlEvent> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_subscribersLock)
        {
            _subscribers = [.. _subscribers, callback];
        }

        return new Subscription(this, callback);
    }

    /// <summary>Closes the connection; commands still waiting fail with <see cref="TorControlConnectionException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Fail(new TorControlConnectionException("the tor control client was disposed"));
        await _disposeCts.CancelAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The loop records its own failure; nothing more to report on close.
        }

        // _writeLock is not disposed: a racing SendRawAsync must see the connection error, not ObjectDisposedException.
        _disposeCts.Dispose();
    }

    private static string Verb(string command)
    {
        var sp = command.IndexOf(' ', StringComparison.Ordinal);
        return sp < 0 ? command : command[..sp];
    }

    private static string Describe(EndPoint ep) => ep is UnixDomainSocketEndPoint u ? $"unix:{u}" : ep.ToString() ?? "?";

    private void ThrowIfFailed()
    {
        if (_failure is { } f)
        {
            throw f is TorControlConnectionException tce
                ? new TorControlConnectionException(tce.Message, tce)
                : new TorControlConnectionException(f.Message, f);
        }
    }

    private sealed class Subscription(TorControlClient owner, Action<TorControlEvent> callback) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._subscribersLock)
            {
                owner._subscribers = Array.FindAll(owner._subscribers, s => !ReferenceEquals(s, callback));
            }
        }
    }
}
