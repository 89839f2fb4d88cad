namespace RustyOnions.Testing;

/// <summary>Waits for a condition by polling with a deadline, never by sleeping a fixed time.</summary>
public static class Poll
{
    /// <summary>Polls <paramref name="condition"/> every <paramref name="interval"/> until it holds or the deadline passes.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        var step = interval ?? TimeSpan.FromMilliseconds(50);
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition().ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                last = e;
            }

            await Task.Delay(step).ConfigureAwait(false);
        }

        throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s waiting for {what}" + (last is null ? string.Empty : $" (last error: {last.Message})"), last);
    }

    /// <summary>Synchronous-condition overload.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, TimeSpan? interval = null) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what, interval);
}
