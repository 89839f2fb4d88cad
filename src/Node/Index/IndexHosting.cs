using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RustyOnions.Index.Store;
using RustyOnions.Index.Store.Sqlite;
using RustyOnions.Node.Config;
using RustyOnions.Node.Hosting;
using RustyOnions.Node.Metrics;
using RustyOnions.Node.Oap;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Node.Index;

/// <summary>Wires the index into a node: the store, the OAP/1 service, the federation and anti-entropy.</summary>
public static class IndexHosting
{
    /// <summary>Registers the index service, the federation and the anti-entropy loop.</summary>
    public static void AddIndex(IServiceCollection services, NodeOpts opts, NodeStores stores, PeerId self)
    {
        ArgumentNullException.ThrowIfNull(opts);
        ArgumentNullException.ThrowIfNull(stores);
        services.AddSingleton(sp => new IndexMetrics(sp.GetRequiredService<NodeMetrics>()));
        services.AddSingleton(sp => new IndexFederation(opts.Index, self, () => stores.Index, sp.GetRequiredService<IndexMetrics>(), sp.GetRequiredService<ILogger<IndexFederation>>()));
        services.AddSingleton<IOapService>(sp => new IndexService(() => stores.Index, sp.GetRequiredService<IndexFederation>()));
        services.AddHostedService(sp => new AntiEntropyService(
            sp.GetRequiredService<IndexFederation>(),
            stores,
            opts.Index,
            opts.Amnesia ? ":memory:" : Path.Combine(opts.DataDir, "index-federation.db"),
            sp.GetRequiredService<IndexMetrics>(),
            sp.GetRequiredService<ILogger<AntiEntropyService>>()));
        services.AddHostedService(sp => new ConflictWatch(stores, sp.GetRequiredService<IndexMetrics>()));
    }

    /// <summary>Opens the node's index store (<c>index.db</c> in the data dir); called from the background store opener.</summary>
    public static IIndexStore OpenStore(NodeOpts opts)
    {
        ArgumentNullException.ThrowIfNull(opts);
        if (opts.Amnesia)
        {
            return new RustyOnions.Index.Store.Memory.MemoryIndexStore();
        }

        return SqliteIndexStore.OpenAsync(new SqliteIndexStoreOptions { Path = Path.Combine(opts.DataDir, "index.db") }).GetAwaiter().GetResult();
    }
}
