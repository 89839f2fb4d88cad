namespace RustyOnions.Overlay.Replication;

/// <summary>Replication factor, write quorum and background limits.</summary>
public sealed record ReplicationOpts
{
    /// <summary>Copies of each object (R).</summary>
    public int Factor { get; init; } = 3;

    /// <summary>Durable copies before a PUT is answered (W ≤ R).</summary>
    public int WriteQuorum { get; init; } = 2;

    /// <summary>Most peers a GET tries before giving up.</summary>
    public int MaxFetchAttempts { get; init; } = 8;

    /// <summary>Bandwidth budget of background migration.</summary>
    public long MigrationBytesPerSecond { get; init; } = 16L << 20;

    /// <summary>Returns one message per problem.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Factor is < 1 or > 16)
        {
            problems.Add($"replication_factor {Factor} is out of range: use 1..16 (RON_REPLICATION)");
        }

        if (WriteQuorum < 1 || WriteQuorum > Factor)
        {
            problems.Add($"write_quorum {WriteQuorum} must be between 1 and replication_factor {Factor} (RON_WRITE_QUORUM)");
        }

        return problems;
    }
}
