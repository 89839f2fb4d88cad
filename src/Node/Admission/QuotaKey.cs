namespace RustyOnions.Node.Admission;

/// <summary>A bucket's identity: tenant and app protocol.</summary>
internal readonly record struct QuotaKey(UInt128 Tenant, ushort App);
