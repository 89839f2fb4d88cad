using System.Diagnostics;
using RustyOnions.Sdk.Connection;
using RustyOnions.Sdk.Errors;
using RustyOnions.Sdk.Retry;

namespace RustyOnions.Sdk;

/// <summary>Retries of idempotent calls and reconnection after a broken connection.</summary>
public sealed partial class RonClient
{
    private readonly SemaphoreSlim _reconnectLock = new(1, 1);
    private Backoff? _backoff;

    /// <summary>
    /// Runs <paramref name="op"/>; when it fails transiently (429, 503, a local timeout, or a
    /// broken connection) and <paramref name="canRetry"/> says the
    /// operation may be repeated, waits (backoff, at least the node's retry_after_ms) and runs it
    /// again, reconnecting first if the connection broke. The last failure is thrown.
    /// </summary>
    private async Task<T> WithRetryAsync<T>(Func<bool>? canRetry, Func<OapClientConnection, CancellationToken, Task<T>> op, CancellationToken ct)
    {
        var retry = Opts.Retry;
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            var connection = _connection;
            try
            {
                if (connection.IsFaulted && canRetry is not null)
                {
                    connection = await ReconnectAsync(connection, ct).ConfigureAwait(false);
                }

                return await op(connection, ct).ConfigureAwait(false);
            }
            catch (RonException e) when (canRetry is not null && attempt < retry.MaxRetries && !ct.IsCancellationRequested && (IsTransient(e) || connection.IsFaulted) && canRetry())
            {
                _backoff ??= new Backoff(retry);
                var delay = _backoff.Next(attempt, e.RetryAfterMs);
                if (Stopwatch.GetElapsedTime(started) + delay > retry.Budget)
                {
                    throw;
                }

                retry.OnRetry?.Invoke(new RonRetryEvent(attempt + 1, delay, e));
                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Failures worth repeating against the same node: admission refusals (429, 503) and local
    /// timeouts. Other retryable codes (500 INTERNAL, CORRUPT) would fail the same way here.
    /// </summary>
    private static bool IsTransient(RonException e) => e.Status is 429 or 503 || (e.Status == 0 && e.Code == "TIMEOUT");

    private async Task<OapClientConnection> ReconnectAsync(OapClientConnection broken, CancellationToken ct)
    {
        await _reconnectLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!ReferenceEquals(_connection, broken))
            {
                return _connection; // another call already reconnected
            }

            var (fresh, _) = await OpenAsync(Opts, ct).ConfigureAwait(false);
            _connection = fresh;
            await broken.DisposeAsync().ConfigureAwait(false);
            return fresh;
        }
        finally
        {
            _reconnectLock.Release();
        }
    }
}
