namespace RustyOnions.Transport.Tor.Control;

public sealed partial class TorControlClient
{
    /// <summary>Prefix of a stored v3 onion key as ADD_ONION returns and accepts it.</summary>
    public const string Ed25519V3KeyPrefix = "ED25519-V3:";

    /// <summary>
    /// ADD_ONION. <paramref name="privateKey"/> null creates a new ED25519-V3 key (returned unless
    /// DiscardPK); otherwise it is a stored "ED25519-V3:&lt;base64&gt;" key and gives the same address.
    /// </summary>
    public async Task<TorControlOnionService> AddOnionAsync(
        string? privateKey, IReadOnlyList<TorControlOnionPort> ports, TorControlOnionFlags flags, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ports);
        if (ports.Count == 0)
        {
            throw new ArgumentException("ADD_ONION needs at least one port mapping", nameof(ports));
        }

        string key;
        if (privateKey is null)
        {
            key = "NEW:ED25519-V3";
        }
        else
        {
            if (!privateKey.StartsWith(Ed25519V3KeyPrefix, StringComparison.Ordinal) || privateKey.Length <= Ed25519V3KeyPrefix.Length
                || privateKey.AsSpan().IndexOfAny(" \r\n") >= 0)
            {
                throw new ArgumentException("a stored onion key must look like 'ED25519-V3:<base64>'", nameof(privateKey));
            }

            key = privateKey;
        }

        var parts = new List<string> { "ADD_ONION", key };
        var flagWords = new List<string>();
        if (flags.HasFlag(TorControlOnionFlags.Detach))
        {
            flagWords.Add("Detach");
        }

        if (flags.HasFlag(TorControlOnionFlags.DiscardPK))
        {
            flagWords.Add("DiscardPK");
        }

        if (flagWords.Count > 0)
        {
            parts.Add("Flags=" + string.Join(',', flagWords));
        }

        foreach (var p in ports)
        {
            parts.Add(p.ToArgument());
        }

        var reply = await SendCommandAsync(string.Join(' ', parts), ct).ConfigureAwait(false);
        string? serviceId = null;
        string? newKey = null;
        foreach (var line in reply.Lines)
        {
            if (line.Text.StartsWith("ServiceID=", StringComparison.Ordinal))
            {
                serviceId = line.Text[10..];
            }
            else if (line.Text.StartsWith("PrivateKey=", StringComparison.Ordinal))
            {
                newKey = line.Text[11..];
            }
        }

        return serviceId is null
            ? throw new TorControlException($"tor's ADD_ONION reply lacks ServiceID: {reply.Text}")
            : new TorControlOnionService(serviceId, newKey);
    }

    /// <summary>DEL_ONION. Tor answers 552 for an unknown service id.</summary>
    public async Task DelOnionAsync(string serviceId, CancellationToken ct)
    {
        EnsureWord(serviceId, nameof(serviceId));
        await SendCommandAsync("DEL_ONION " + serviceId, ct).ConfigureAwait(false);
    }
}
