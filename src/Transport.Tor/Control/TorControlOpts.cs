using System.Net;
using System.Net.Sockets;

namespace RustyOnions.Transport.Tor.Control;

/// <summary>Options for <see cref="TorControlClient"/>. Immutable; validated by <see cref="Validate"/>.</summary>
/// <param name="Endpoint">The control port: an <see cref="IPEndPoint"/>, <see cref="DnsEndPoint"/> or <see cref="UnixDomainSocketEndPoint"/>.</param>
public sealed record TorControlOpts(EndPoint Endpoint)
{
    /// <summary>Cookie file to use instead of the one tor names in PROTOCOLINFO.</summary>
    public string? CookiePath { get; init; }

    /// <summary>Password for HASHEDPASSWORD authentication (the clear text, not the hash).</summary>
    public string? Password { get; init; }

    /// <summary>Longest reply line accepted, in bytes (tor's own lines are far shorter, except GETINFO data).</summary>
    public int MaxLineLength { get; init; } = 64 * 1024;

    /// <summary>Largest reply accepted, in bytes, all lines included (ns/all on a small network is a few KiB).</summary>
    public int MaxReplyBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>How long a connect may take before it fails.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Events kept for <see cref="TorControlClient.Events"/> when nobody reads; the oldest are dropped past this.</summary>
    public int EventBufferCapacity { get; init; } = 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Endpoint);
        if (MaxLineLength < 512)
        {
            throw new ArgumentException($"TorControlOpts.MaxLineLength must be at least 512 (got {MaxLineLength}).", nameof(MaxLineLength));
        }

        if (MaxReplyBytes < MaxLineLength)
        {
            throw new ArgumentException($"TorControlOpts.MaxReplyBytes ({MaxReplyBytes}) must be at least MaxLineLength ({MaxLineLength}).", nameof(MaxReplyBytes));
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("TorControlOpts.ConnectTimeout must be positive.", nameof(ConnectTimeout));
        }

        if (EventBufferCapacity < 1)
        {
            throw new ArgumentException("TorControlOpts.EventBufferCapacity must be at least 1.", nameof(EventBufferCapacity));
        }

        if (Password is not null && (Password.Contains('\r', StringComparison.Ordinal) || Password.Contains('\n', StringComparison.Ordinal)))
        {
            throw new ArgumentException("TorControlOpts.Password must not contain CR or LF.", nameof(Password));
        }
    }
}
