using System.Diagnostics;
using RustyOnions.Sdk;

namespace RustyOnions.Node.Cli.Bench;

/// <summary>
/// Drives a workload either closed-loop (each connection sends its next request when the last
/// answered: finds the peak rate) or open-loop (requests leave on a fixed schedule whatever the
/// node does, and latency counts from the scheduled time, so a stall is not hidden by the client
/// slowing down: no coordinated omission).
/// </summary>
internal static class LoadRunner
{
    public static async Task<double> ClosedLoopAsync(BenchWorkload work, RonClient[] clients, TimeSpan duration, LatencyRecorder rec, CancellationToken ct)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        long seq = 0;
        await Task.WhenAll(clients.Select(client => Task.Run(
            async () =>
            {
                while (Stopwatch.GetTimestamp() < stopAt && !ct.IsCancellationRequested)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    try
                    {
                        var bytes = await work.RunOnceAsync(client, Interlocked.Increment(ref seq), ct).ConfigureAwait(false);
                        var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                        rec.Success(ms, ms, bytes);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        rec.Error(e);
                    }
                }
            },
            ct))).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    public static async Task<double> OpenLoopAsync(BenchWorkload work, RonClient[] clients, double rate, TimeSpan duration, int maxOutstanding, LatencyRecorder rec, CancellationToken ct)
    {
        var outstanding = 0;
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var interval = Stopwatch.Frequency / rate;

        async Task RunAsync(long seq, long due)
        {
            try
            {
                var sent = Stopwatch.GetTimestamp();
                var bytes = await work.RunOnceAsync(clients[seq % clients.Length], seq, ct).ConfigureAwait(false);
                var done = Stopwatch.GetTimestamp();
                rec.Success(Stopwatch.GetElapsedTime(due, done).TotalMilliseconds, Stopwatch.GetElapsedTime(sent, done).TotalMilliseconds, bytes);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                rec.Error(e);
            }
            finally
            {
                if (Interlocked.Decrement(ref outstanding) == 0 && Volatile.Read(ref stopAt) == 0)
                {
                    drained.TrySetResult();
                }
            }
        }

        // The pacer runs on its own thread and only queues work, so a slow send never delays the schedule.
        await Task.Factory.StartNew(
            () =>
            {
                for (long i = 0; !ct.IsCancellationRequested; i++)
                {
                    var due = started + (long)(i * interval);
                    if (due >= stopAt)
                    {
                        break;
                    }

                    Pacer.WaitUntil(due);
                    if (Volatile.Read(ref outstanding) >= maxOutstanding)
                    {
                        rec.Error("SATURATED");
                        continue;
                    }

                    Interlocked.Increment(ref outstanding);
                    var seq = i;
                    ThreadPool.UnsafeQueueUserWorkItem(_ => _ = RunAsync(seq, due), null);
                }
            },
            ct,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Volatile.Write(ref stopAt, 0);
        if (Volatile.Read(ref outstanding) > 0)
        {
            await drained.Task.WaitAsync(TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
        }

        return elapsed;
    }
}
