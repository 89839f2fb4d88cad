using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace RustyOnions.Node.Admission;

/// <summary>One immutable generation of quota rules: per app, overridden per (tenant, app); swapped whole on policy reload.</summary>
internal sealed record QuotaRules(FrozenDictionary<ushort, QuotaRule> Apps, FrozenDictionary<QuotaKey, QuotaRule?> Tenants)
{
    /// <summary>The rule for (tenant, app), or false when unlimited.</summary>
    public bool TryGet(QuotaKey key, [NotNullWhen(true)] out QuotaRule? rule)
    {
        if (Tenants.Count > 0 && Tenants.TryGetValue(key, out rule))
        {
            return rule is not null;
        }

        return Apps.TryGetValue(key.App, out rule);
    }
}
