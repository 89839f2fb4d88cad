namespace RustyOnions.Transport.Tor.Control;

public sealed partial class TorControlClient
{
    private readonly HashSet<string> _eventNames = new(StringComparer.Ordinal);

    /// <summary>GETINFO for one or more keys; returns key → value (data blocks without the final newline).</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetInfoAsync(IEnumerable<string> keys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var list = keys.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("GETINFO needs at least one key", nameof(keys));
        }

        foreach (var k in list)
        {
            EnsureWord(k, nameof(keys));
        }

        var reply = await SendCommandAsync("GETINFO " + string.Join(' ', list), ct).ConfigureAwait(false);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in reply.Lines)
        {
            var eq = line.Text.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                continue; // the final "OK"
            }

            var key = line.Text[..eq];
            result[key] = line.Data is { } data
                ? data.TrimEnd('\n')
                : TorControlSyntax.UnquoteIfQuoted(line.Text[(eq + 1)..]);
        }

        return result;
    }

    /// <summary>GETINFO for one key. Tor answers 552 for an unknown key.</summary>
    public async Task<string> GetInfoAsync(string key, CancellationToken ct)
    {
        var all = await GetInfoAsync([key], ct).ConfigureAwait(false);
        return all.TryGetValue(key, out var v)
            ? v
            : throw new TorControlException($"tor's GETINFO reply lacks the key '{key}'");
    }

    /// <summary><c>GETINFO status/bootstrap-phase</c>, parsed.</summary>
    public async Task<TorControlBootstrapStatus> GetBootstrapStatusAsync(CancellationToken ct) =>
        TorControlBootstrapStatus.Parse(await GetInfoAsync("status/bootstrap-phase", ct).ConfigureAwait(false));

    /// <summary><c>GETINFO status/circuit-established</c>: true once tor has built a circuit.</summary>
    public async Task<bool> IsCircuitEstablishedAsync(CancellationToken ct) =>
        await GetInfoAsync("status/circuit-established", ct).ConfigureAwait(false) == "1";

    /// <summary><c>GETINFO net/listeners/socks</c>: the SOCKS listeners, e.g. "127.0.0.1:9050".</summary>
    public async Task<IReadOnlyList<string>> GetSocksListenersAsync(CancellationToken ct)
    {
        var raw = await GetInfoAsync("net/listeners/socks", ct).ConfigureAwait(false);
        var result = new List<string>();
        var pos = 0;
        while (pos < raw.Length)
        {
            if (raw[pos] == ' ')
            {
                pos++;
            }
            else if (raw[pos] == '"')
            {
                result.Add(TorControlSyntax.ReadQuoted(raw, ref pos));
            }
            else
            {
                var end = raw.IndexOf(' ', pos);
                end = end < 0 ? raw.Length : end;
                result.Add(raw[pos..end]);
                pos = end;
            }
        }

        return result;
    }

    /// <summary>SETCONF key="value" ...; a null value resets the option to its default.</summary>
    public async Task SetConfAsync(IEnumerable<KeyValuePair<string, string?>> settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var parts = new List<string>();
        foreach (var (key, value) in settings)
        {
            EnsureWord(key, nameof(settings));
            parts.Add(value is null ? key : key + "=" + TorControlSyntax.Quote(value));
        }

        if (parts.Count == 0)
        {
            throw new ArgumentException("SETCONF needs at least one setting", nameof(settings));
        }

        await SendCommandAsync("SETCONF " + string.Join(' ', parts), ct).ConfigureAwait(false);
    }

    /// <summary>SETCONF for one option.</summary>
    public Task SetConfAsync(string key, string? value, CancellationToken ct) =>
        SetConfAsync([new KeyValuePair<string, string?>(key, value)], ct);

    /// <summary>SETEVENTS with exactly these events (replaces the set; empty turns events off).</summary>
    public async Task SetEventsAsync(IEnumerable<string> events, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        var list = events.ToList();
        foreach (var e in list)
        {
            EnsureWord(e, nameof(events));
        }

        await SendCommandAsync(list.Count == 0 ? "SETEVENTS" : "SETEVENTS " + string.Join(' ', list), ct).ConfigureAwait(false);
        lock (_eventNames)
        {
            _eventNames.Clear();
            _eventNames.UnionWith(list);
        }
    }

    /// <summary>Adds events to those already requested through this client (SETEVENTS replaces, so the union is sent).</summary>
    public Task AddEventsAsync(IEnumerable<string> events, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        List<string> union;
        lock (_eventNames)
        {
            union = [.. _eventNames.Union(events, StringComparer.Ordinal)];
        }

        return SetEventsAsync(union, ct);
    }

    private static void EnsureWord(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        if (value.AsSpan().IndexOfAny(" \r\n\"") >= 0)
        {
            throw new ArgumentException($"'{value}' is not a single control-protocol word", name);
        }
    }
}
