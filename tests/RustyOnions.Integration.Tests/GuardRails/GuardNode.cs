using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.GuardRails;

/// <summary>A real node process with guard-rail settings, in a temp dir; disposed kills it and deletes the dir.</summary>
public sealed class GuardNode : IAsyncDisposable
{
    private readonly TempDir _dir;

    private GuardNode(TempDir dir, NodeProcess node)
    {
        _dir = dir;
        Node = node;
    }

    public NodeProcess Node { get; }

    public static async Task<GuardNode> StartAsync(Dictionary<string, string> env)
    {
        var dir = new TempDir("ron-guard");
        try
        {
            return new GuardNode(dir, await NodeProcess.StartAsync(dir.Combine("data"), env).ConfigureAwait(false));
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync().ConfigureAwait(false);
        _dir.Dispose();
    }
}
