using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace RustyOnions.Node.Policy;

/// <summary>
/// Loads the policy file at start and again whenever it changes: a FileSystemWatcher on its
/// directory, an mtime/size poll as the fallback (watchers miss events on some file systems and
/// across bind mounts), and SIGHUP. Loads run one at a time on a background loop; an unchanged
/// file (same SHA-256) is not re-applied.
/// </summary>
public sealed partial class PolicyWatcher : IAsyncDisposable
{
    private readonly PolicyState _state;
    private readonly string _path;
    private readonly TimeSpan _poll;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly FileSystemWatcher? _watcher;
    private readonly PosixSignalRegistration? _sighup;
    private readonly Task _loop;
    private (DateTime Mtime, long Length) _seen;

    /// <summary>Loads the file once (synchronously) and starts watching it.</summary>
    public PolicyWatcher(PolicyState state, TimeSpan poll, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
        _path = Path.GetFullPath(state.File ?? throw new ArgumentException("no policy file configured", nameof(state)));
        _poll = poll;
        _log = log;
        Load();
        try
        {
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += (_, _) => Trigger();
            _watcher.Created += (_, _) => Trigger();
            _watcher.Renamed += (_, _) => Trigger();
            _watcher.Deleted += (_, _) => Trigger();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is ArgumentException or IOException or PlatformNotSupportedException)
        {
            // No watcher (missing directory, inotify limit): the poll still notices changes.
            _watcher?.Dispose();
            _watcher = null;
        }

        if (!OperatingSystem.IsWindows())
        {
            _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx =>
            {
                ctx.Cancel = true; // reload instead of the default "terminate"
                Trigger();
            });
        }

        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    /// <summary>Asks for a reload (coalesced with any pending one).</summary>
    public void Trigger()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // A reload is already pending: it will read the newest bytes.
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _sighup?.Dispose();
        _watcher?.Dispose();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _signal.Dispose();
    }

    private async Task LoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var signalled = await _signal.WaitAsync(_poll, ct).ConfigureAwait(false);
            if (signalled)
            {
                // Let a burst of watcher events (truncate, write, rename) settle into one load.
                await Task.Delay(TimeSpan.FromMilliseconds(50), ct).ConfigureAwait(false);
                Load();
            }
            else if (Stamp() != _seen)
            {
                Load();
            }
        }
    }

    private (DateTime, long) Stamp()
    {
        var info = new FileInfo(_path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
    }

    private void Load()
    {
        _seen = Stamp();
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Reject($"policy {_path} cannot be read: {e.Message}");
            return;
        }

        try
        {
            var policy = PolicyParser.Parse(bytes, _path);
            if (_state.Current?.Hash == policy.Hash && _state.LastError is null)
            {
                return; // touched, not changed
            }

            _state.Apply(policy);
            LogLoaded(_log, _path, policy.Tenants.Count);
        }
        catch (PolicyException e)
        {
            Reject(e.Message);
        }
    }

    private void Reject(string message)
    {
        _state.Reject(message);
        LogRejected(_log, message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "policy {Path} loaded ({Tenants} tenant entries)")]
    private static partial void LogLoaded(ILogger log, string path, int tenants);

    [LoggerMessage(Level = LogLevel.Error, Message = "policy rejected, the previous one stays in force: {Error}")]
    private static partial void LogRejected(ILogger log, string error);
}
