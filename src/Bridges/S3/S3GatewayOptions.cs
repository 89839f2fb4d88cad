namespace RustyOnions.Bridges.S3;

/// <summary>Immutable settings of the S3 gateway, validated at start.</summary>
public sealed record S3GatewayOptions
{
    /// <summary>The region clients sign for (Credential scope); default us-east-1.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>Access keys and the tenants they map to.</summary>
    public IReadOnlyList<S3AccessKey> AccessKeys { get; init; } = [];

    /// <summary>
    /// The public host name (host[:port]) clients use when the gateway runs behind a reverse proxy:
    /// it replaces the received Host in signatures, and <c>bucket.host</c> selects virtual-host addressing.
    /// </summary>
    public string? CanonicalHost { get; init; }

    /// <summary>How far a request's X-Amz-Date may be from the gateway's clock (S3: 15 minutes).</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Buckets whose objects anyone may read (GET/HEAD/list) without a signature.</summary>
    public IReadOnlySet<string> AnonymousReadBuckets { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The largest single PUT body or part (S3: 5 GiB).</summary>
    public long MaxObjectBytes { get; init; } = 5L << 30;

    /// <summary>The node's legal denylist: GET/HEAD of an object whose content address it names answers 451.</summary>
    public Func<RustyOnions.Proto.Content.ContentId, bool>? IsDenied { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is unusable.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Region))
        {
            throw new ArgumentException("s3_region must not be empty");
        }

        if (AccessKeys.GroupBy(k => k.AccessKeyId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } dup)
        {
            throw new ArgumentException($"s3 access key id '{dup.Key}' is listed twice");
        }

        if (MaxClockSkew <= TimeSpan.Zero)
        {
            throw new ArgumentException("s3 clock skew window must be positive");
        }
    }
}
