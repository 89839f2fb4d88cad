using RustyOnions.Transport.Tor.Control;

namespace RustyOnions.Transport.Tor.Onion;

/// <summary>Options for <see cref="OnionServicePublisher"/>.</summary>
/// <param name="Ports">Virtual port → local loopback target mappings, e.g. <c>TorControlOnionPort.ToLoopback(443, 7443)</c>.</param>
public sealed record OnionServiceOpts(IReadOnlyList<TorControlOnionPort> Ports)
{
    /// <summary>A stored "ED25519-V3:&lt;base64&gt;" key, or null to create one (persist <see cref="OnionServicePublisher.PrivateKey"/>).</summary>
    public string? PrivateKey { get; init; }

    /// <summary>HS_DESC UPLOADED events needed to call the service published (one upload is often not enough for clients to find it).</summary>
    public int MinUploads { get; init; } = 3;

    /// <summary>With fewer uploads than <see cref="MinUploads"/> after this long, the service is removed and added again.</summary>
    public TimeSpan RepublishAfter { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Clock for the republish timer (tests substitute a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (Ports is null || Ports.Count == 0)
        {
            throw new ArgumentException("OnionServiceOpts.Ports needs at least one mapping", nameof(Ports));
        }

        foreach (var p in Ports)
        {
            var host = p.Target.StartsWith("unix:", StringComparison.Ordinal) ? null : p.Target[..Math.Max(0, p.Target.LastIndexOf(':'))];
            if (host is not null && host is not ("127.0.0.1" or "[::1]" or "localhost"))
            {
                // The onion must only forward to this machine: anything else would leak traffic off-host.
                throw new ArgumentException($"onion port target '{p.Target}' must be a loopback address or unix: socket", nameof(Ports));
            }
        }

        if (MinUploads < 1)
        {
            throw new ArgumentException("OnionServiceOpts.MinUploads must be at least 1", nameof(MinUploads));
        }

        if (RepublishAfter <= TimeSpan.Zero)
        {
            throw new ArgumentException("OnionServiceOpts.RepublishAfter must be positive", nameof(RepublishAfter));
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
