using RustyOnions.Testing.Tor;

namespace RustyOnions.Transport.Tor.Tests.Support;

/// <summary>One private Tor network shared by every test in the "tor-network" collection.</summary>
public sealed class TorNetworkFixture : IAsyncLifetime
{
    private PrivateTorNetwork? _network;

    public PrivateTorNetwork Network => _network ?? throw new InvalidOperationException("network not started");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        _network = await PrivateTorNetwork.StartAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_network is not null)
        {
            await _network.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TorNetworkCollection : ICollectionFixture<TorNetworkFixture>
{
    public const string Name = "tor-network";
}
