using RustyOnions.Sdk;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Foundation;

/// <summary>One real node process shared by the tests of a collection; killed and removed at the end.</summary>
public sealed class NodeFixture : IAsyncLifetime
{
    private readonly TempDir _dir = new("ron-node");

    public NodeProcess Node { get; private set; } = null!;

    public string TilesRoot => _dir.Combine("data", "tiles");

    public async Task InitializeAsync()
    {
        Node = await NodeProcess.StartAsync(_dir.Combine("data"), new Dictionary<string, string>
        {
            ["RON_MAX_OBJECT_BYTES"] = (200L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RON_MAILBOX_VISIBILITY_MS"] = "30000",
            // These tests exercise the whole-object store path (temp files, blobs); erasure objects have their own tests.
            ["RON_ERASURE_THRESHOLD"] = "0",
        });
    }

    public Task<RonClient> ConnectAsync(UInt128 tenant = default) =>
        RonClient.ConnectAsync(new RonClientOpts { Node = Node.Address, Tenant = tenant });

    public async Task DisposeAsync()
    {
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }

        _dir.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class NodeCollection : ICollectionFixture<NodeFixture>
{
    public const string Name = "shared node";
}
