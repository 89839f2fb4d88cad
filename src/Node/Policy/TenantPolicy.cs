using RustyOnions.Node.Admission;

namespace RustyOnions.Node.Policy;

/// <summary>
/// The limits that apply to one tenant (a tenant's entry merged over the policy's defaults). Null
/// means "no limit from the policy" for that setting.
/// </summary>
public sealed record TenantPolicy
{
    /// <summary>Token-bucket quotas by app name (mailbox, storage, echo); a null rule lifts the node default.</summary>
    public IReadOnlyDictionary<string, QuotaRule?> Quotas { get; init; } = new Dictionary<string, QuotaRule?>();

    /// <summary>Storage bytes in plus out per UTC day; exhausted → 429 OVER_QUOTA until midnight UTC.</summary>
    public long? BytesPerDay { get; init; }

    /// <summary>Bytes of new objects the tenant may store in total; over → 507 INSUFFICIENT_STORAGE.</summary>
    public long? StorageCapBytes { get; init; }

    /// <summary>Largest object one PUT may store; over → 413 TOO_LARGE.</summary>
    public long? MaxObjectBytes { get; init; }

    /// <summary>Copies per object for this tenant's objects.</summary>
    public int? ReplicationFactor { get; init; }

    /// <summary>Durable copies before a PUT is answered.</summary>
    public int? WriteQuorum { get; init; }

    /// <summary>Reed-Solomon data shards per stripe.</summary>
    public int? ErasureData { get; init; }

    /// <summary>Reed-Solomon parity shards per stripe.</summary>
    public int? ErasureParity { get; init; }

    /// <summary>This policy with every setting <paramref name="over"/> sets replacing ours.</summary>
    public TenantPolicy Merge(TenantPolicy over)
    {
        var quotas = new Dictionary<string, QuotaRule?>(Quotas, StringComparer.Ordinal);
        foreach (var (app, rule) in over.Quotas)
        {
            quotas[app] = rule;
        }

        return new TenantPolicy
        {
            Quotas = quotas,
            BytesPerDay = over.BytesPerDay ?? BytesPerDay,
            StorageCapBytes = over.StorageCapBytes ?? StorageCapBytes,
            MaxObjectBytes = over.MaxObjectBytes ?? MaxObjectBytes,
            ReplicationFactor = over.ReplicationFactor ?? ReplicationFactor,
            WriteQuorum = over.WriteQuorum ?? WriteQuorum,
            ErasureData = over.ErasureData ?? ErasureData,
            ErasureParity = over.ErasureParity ?? ErasureParity,
        };
    }
}
