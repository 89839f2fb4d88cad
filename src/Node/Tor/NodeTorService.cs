using Microsoft.Extensions.Logging;
using RustyOnions.Proto.Addressing;
using RustyOnions.Transport.Tor.Control;
using RustyOnions.Transport.Tor.Onion;

namespace RustyOnions.Node.Tor;

/// <summary>
/// Keeps the node's onion service published: connects and authenticates to tor's control port,
/// publishes the OAP/1 loopback listener (ADD_ONION with the stored key), watches HS_DESC uploads
/// (the publisher re-publishes when they stall), polls bootstrap, and starts over with a back-off
/// when the control connection fails or is lost. Never throws into the node: failures become
/// <see cref="Status"/>.
/// </summary>
public sealed partial class NodeTorService : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private readonly NodeTorOpts _opts;
    private readonly IOnionKeyStore _keys;
    private readonly int _localPort;
    private readonly PeerId _peer;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<NodeAddress> _firstPublished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<NodeAddress> _onionAssigned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;
    private volatile NodeTorStatus _status = new("connecting", -1, null, 0, 0, null);

    /// <summary>Creates the service; <see cref="Start"/> begins publishing.</summary>
    /// <param name="opts">The tor settings.</param>
    /// <param name="keys">Where the onion key is kept.</param>
    /// <param name="localPort">The loopback port of the OAP/1 listener the onion forwards to.</param>
    /// <param name="peer">This node's PeerId (the onion address's pin).</param>
    /// <param name="log">Logger.</param>
    public NodeTorService(NodeTorOpts opts, IOnionKeyStore keys, int localPort, PeerId peer, ILogger log)
    {
        _opts = opts;
        _keys = keys;
        _localPort = localPort;
        _peer = peer;
        _log = log;
    }

    /// <summary>More port mappings on the same onion service (the HTTP gateways, <see cref="OnionGateways"/>).</summary>
    public IReadOnlyList<TorControlOnionPort> ExtraPorts { get; init; } = [];

    /// <summary>The current state.</summary>
    public NodeTorStatus Status => _status;

    /// <summary>
    /// Completes with the onion address as soon as tor has accepted the service (before its descriptors are
    /// uploaded, so before anyone can reach it); the overlay advertises it from then on.
    /// </summary>
    public Task<NodeAddress> OnionAssigned => _onionAssigned.Task;

    /// <summary>Completes with the onion address the first time the service is published.</summary>
    public Task<NodeAddress> FirstPublished => _firstPublished.Task;

    /// <summary>Connects and authenticates to tor's control port, with one precise message on failure.</summary>
    /// <exception cref="NodeTorException">tor is not reachable or refused authentication.</exception>
    public static async Task<TorControlClient> ConnectControlAsync(NodeTorOpts opts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(opts);
        TorControlClient? ctl = null;
        try
        {
            ctl = await TorControlClient.ConnectAsync(new TorControlOpts(opts.Control) { Password = opts.ControlPassword, ConnectTimeout = TimeSpan.FromSeconds(5) }, ct).ConfigureAwait(false);
            await ctl.AuthenticateAsync(ct).ConfigureAwait(false);
            return ctl;
        }
        catch (Exception e) when (e is TorControlException or TorControlConnectionException or IOException or UnauthorizedAccessException)
        {
            if (ctl is not null)
            {
                await ctl.DisposeAsync().ConfigureAwait(false);
            }

            var what = e switch
            {
                TorControlConnectionException => $"cannot reach tor's control port at {Describe(opts.Control)} (is tor running with ControlPort set?)",
                TorControlException { Code: 515 } => $"tor's control port at {Describe(opts.Control)} refused authentication (" + (opts.ControlPassword is null ? "cookie auth; check that this user can read tor's control_auth_cookie" : "wrong tor_control_password / RON_TOR_CONTROL_PASSWORD") + ")",
                TorControlException => $"tor's control port at {Describe(opts.Control)} refused a command",
                _ => $"cannot authenticate to tor's control port at {Describe(opts.Control)} (cookie file unreadable?)",
            };
            throw new NodeTorException($"{what}: {e.Message}", e);
        }
    }

    /// <summary>Starts the publishing loop in the background.</summary>
    public void Start() => _loop = Task.Run(RunAsync, CancellationToken.None);

    /// <summary>Stops the loop and removes the onion service (DEL_ONION).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private static string Describe(System.Net.EndPoint ep) => ep is System.Net.Sockets.UnixDomainSocketEndPoint u ? "unix:" + u : ep.ToString() ?? "?";

    private async Task RunAsync()
    {
        var ct = _stop.Token;
        var backoff = TimeSpan.FromSeconds(1);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await PublishOnceAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NodeTorException or TorControlException or TorControlConnectionException or IOException or InvalidDataException)
            {
                var message = e is TorControlConnectionException ? $"lost tor's control connection at {Describe(_opts.Control)}: {e.Message}" : e.Message;
                _status = _status with { State = "failed", Error = message, Bootstrap = -1 };
                LogTorFailed(_log, message);
            }

            try
            {
                await Task.Delay(backoff, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
        }
    }

    private async Task PublishOnceAsync(CancellationToken ct)
    {
        await using var ctl = await ConnectControlAsync(_opts, ct).ConfigureAwait(false);
        var boot = await ctl.GetBootstrapStatusAsync(ct).ConfigureAwait(false);
        _status = _status with { State = "publishing", Bootstrap = boot.Progress, Error = null };
        var stored = _keys.Load();
        var opts = new OnionServiceOpts([TorControlOnionPort.ToLoopback(_opts.OnionPort, _localPort), .. ExtraPorts]) { PrivateKey = stored, RepublishAfter = _opts.RepublishAfter };
        await using var publisher = await OnionServicePublisher.StartAsync(ctl, opts, ct).ConfigureAwait(false);
        if (publisher.KeyWasCreated)
        {
            _keys.Save(publisher.PrivateKey);
        }

        var onion = new NodeAddress(TransportKind.Tor, publisher.OnionAddress, _opts.OnionPort, _peer);
        _status = _status with { Onion = onion };
        _onionAssigned.TrySetResult(onion);
        while (true)
        {
            // The bootstrap poll doubles as a liveness check of the control connection (tor killed → throws).
            boot = await ctl.GetBootstrapStatusAsync(ct).ConfigureAwait(false);
            if (publisher.Published.IsFaulted)
            {
                await publisher.Published.ConfigureAwait(false);
            }

            var state = publisher.Published.IsCompletedSuccessfully ? "published" : "publishing";
            _status = new NodeTorStatus(state, boot.Progress, onion, publisher.UploadCount, publisher.RepublishCount, null)
            {
                Gateways = ExtraPorts.Count == 0 ? null : OnionGateways.Urls(_opts, publisher.OnionAddress),
            };
            if (state == "published")
            {
                _firstPublished.TrySetResult(onion);
            }

            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "tor: {Message}; the node keeps serving its other transports and retries")]
    private static partial void LogTorFailed(ILogger log, string message);
}
