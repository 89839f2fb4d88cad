using System.Collections.Frozen;

namespace RustyOnions.Node.Oap;

/// <summary>Maps app ids to services; built once at start.</summary>
public sealed class OapDispatcher
{
    private readonly FrozenDictionary<ushort, IOapService> _services;

    /// <summary>Creates the dispatcher over the registered services.</summary>
    public OapDispatcher(IEnumerable<IOapService> services)
    {
        _services = services.ToFrozenDictionary(s => s.AppId);
    }

    /// <summary>The service for an app id, or null.</summary>
    public IOapService? Find(ushort appId) => _services.GetValueOrDefault(appId);

    /// <summary>Every registered service.</summary>
    public IEnumerable<IOapService> Services => _services.Values;
}
