using System.Collections.Frozen;

namespace RustyOnions.Node.Policy;

/// <summary>A parsed, valid policy file: defaults plus per-tenant entries (already merged over the defaults).</summary>
public sealed record NodePolicy
{
    /// <summary>Limits for tenants without an entry.</summary>
    public required TenantPolicy Defaults { get; init; }

    /// <summary>Per-tenant limits, each merged over <see cref="Defaults"/>.</summary>
    public required FrozenDictionary<UInt128, TenantPolicy> Tenants { get; init; }

    /// <summary>SHA-256 of the file bytes (hex), to tell a real change from a touch.</summary>
    public required string Hash { get; init; }

    /// <summary>The limits for <paramref name="tenant"/>. Allocation-free.</summary>
    public TenantPolicy For(UInt128 tenant) => Tenants.TryGetValue(tenant, out var p) ? p : Defaults;
}
