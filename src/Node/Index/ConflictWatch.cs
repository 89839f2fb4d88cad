using Microsoft.Extensions.Hosting;
using RustyOnions.Node.Hosting;

namespace RustyOnions.Node.Index;

/// <summary>Hooks the conflict counter metric to the index store once the stores are open.</summary>
internal sealed class ConflictWatch(NodeStores stores, IndexMetrics metrics) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await stores.Opened.WaitAsync(stoppingToken).ConfigureAwait(false);
            metrics.Watch(stores.Index);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Not open (shutdown or open failure): nothing to watch.
        }
    }
}
