using RustyOnions.Transport.Tor.Control;

namespace RustyOnions.Transport.Tor.Onion;

/// <summary>
/// Publishes one onion service through a control connection: ADD_ONION Flags=Detach with a stored
/// or new ED25519-V3 key, counts HS_DESC UPLOADED events, re-publishes (DEL_ONION + ADD_ONION) when
/// too few uploads arrive in time, and removes the service (DEL_ONION) on dispose.
/// </summary>
public sealed class OnionServicePublisher : IAsyncDisposable
{
    private readonly TorControlClient _control;
    private readonly OnionServiceOpts _opts;
    private readonly TaskCompletionSource _published = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _uploads = new(StringComparer.OrdinalIgnoreCase);
    private IDisposable? _subscription;
    private Task _watchdog = Task.CompletedTask;
    private volatile OnionServiceState _state = OnionServiceState.Publishing;
    private int _republishCount;

    private OnionServicePublisher(TorControlClient control, OnionServiceOpts opts)
    {
        _control = control;
        _opts = opts;
    }

    /// <summary>The 56-character service id (the address without ".onion").</summary>
    public string ServiceId { get; private set; } = string.Empty;

    /// <summary>The onion host name, "&lt;56&gt;.onion".</summary>
    public string OnionAddress => ServiceId + ".onion";

    /// <summary>The "ED25519-V3:&lt;base64&gt;" key: the stored one, or the new one the caller must persist.</summary>
    public string PrivateKey { get; private set; } = string.Empty;

    /// <summary>True when tor created a new key for this publisher.</summary>
    public bool KeyWasCreated { get; private set; }

    /// <summary>Current state.</summary>
    public OnionServiceState State => _state;

    /// <summary>HS_DESC UPLOADED events seen for this service since the last (re)publish.</summary>
    public int UploadCount
    {
        get
        {
            lock (_lock)
            {
                return _uploads.GetValueOrDefault(ServiceId);
            }
        }
    }

    /// <summary>How many times the service was removed and added again (completed) for lack of uploads.</summary>
    public int RepublishCount => Volatile.Read(ref _republishCount);

    /// <summary>Completes once <see cref="OnionServiceOpts.MinUploads"/> uploads were seen; faults if publishing failed.</summary>
    public Task Published => _published.Task;

    /// <summary>
    /// Adds the service and starts watching its uploads. The control client must be authenticated;
    /// the publisher adds HS_DESC to the client's events.
    /// </summary>
    public static async Task<OnionServicePublisher> StartAsync(TorControlClient control, OnionServiceOpts opts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(opts);
        opts.Validate();
        var publisher = new OnionServicePublisher(control, opts);
        publisher._subscription = control.Subscribe(publisher.OnEvent);
        try
        {
            await control.AddEventsAsync(["HS_DESC"], ct).ConfigureAwait(false);
            await publisher.AddAsync(opts.PrivateKey, ct).ConfigureAwait(false);
        }
        catch
        {
            publisher._subscription.Dispose();
            publisher._stop.Dispose();
            throw;
        }

        publisher._watchdog = Task.Run(publisher.WatchdogAsync, CancellationToken.None);
        return publisher;
    }

    /// <summary>Waits until the service is published (see <see cref="Published"/>).</summary>
    public Task WaitPublishedAsync(CancellationToken ct) => _published.Task.WaitAsync(ct);

    /// <summary>Stops watching and removes the service from tor (DEL_ONION); errors from a lost connection are ignored.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_state == OnionServiceState.Removed)
        {
            return;
        }

        _state = OnionServiceState.Removed;
        await _stop.CancelAsync().ConfigureAwait(false);
        _subscription?.Dispose();
        await _watchdog.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _published.TrySetCanceled();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _control.DelOnionAsync(ServiceId, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TorControlException or TorControlConnectionException or OperationCanceledException)
        {
            // Tor is gone or already forgot the service: either way it no longer serves it.
        }

        _stop.Dispose();
    }

    private async Task AddAsync(string? key, CancellationToken ct)
    {
        var service = await _control.AddOnionAsync(key, _opts.Ports, TorControlOnionFlags.Detach, ct).ConfigureAwait(false);
        lock (_lock)
        {
            ServiceId = service.ServiceId;
            _uploads.Remove(service.ServiceId);
            if (key is null)
            {
                PrivateKey = service.PrivateKey
                    ?? throw new TorControlException("tor returned no PrivateKey for a NEW onion key");
                KeyWasCreated = true;
            }
            else
            {
                PrivateKey = key;
            }
        }

        CheckPublished();
    }

    private void OnEvent(TorControlEvent evt)
    {
        if (TorControlHsDescEvent.TryParse(evt) is not { Action: "UPLOADED" } hs)
        {
            return;
        }

        lock (_lock)
        {
            _uploads[hs.Address] = _uploads.GetValueOrDefault(hs.Address) + 1;
        }

        CheckPublished();
    }

    private void CheckPublished()
    {
        if (ServiceId.Length > 0 && UploadCount >= _opts.MinUploads && _state == OnionServiceState.Publishing)
        {
            _state = OnionServiceState.Published;
            _published.TrySetResult();
        }
    }

    private async Task WatchdogAsync()
    {
        var ct = _stop.Token;
        try
        {
            while (!_published.Task.IsCompleted)
            {
                var delay = Task.Delay(_opts.RepublishAfter, _opts.TimeProvider, ct);
                await Task.WhenAny(_published.Task, delay).ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
                if (_published.Task.IsCompleted)
                {
                    return;
                }

                // Too few uploads in time (e.g. HSDirs were unreachable): publish afresh.
                try
                {
                    await _control.DelOnionAsync(ServiceId, ct).ConfigureAwait(false);
                }
                catch (TorControlException ex) when (ex.Code == 552)
                {
                    // Tor no longer knows the service (e.g. it restarted): just add it again.
                }

                await AddAsync(PrivateKey, ct).ConfigureAwait(false);
                Interlocked.Increment(ref _republishCount);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is TorControlException or TorControlConnectionException)
        {
            _state = OnionServiceState.Failed;
            _published.TrySetException(ex);
        }
    }
}
