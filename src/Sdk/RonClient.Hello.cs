namespace RustyOnions.Sdk;

/// <summary>The raw HELLO reply, for the fields <see cref="Proto.Hello.HelloInfo"/> does not model (onion, auth, legal).</summary>
public sealed partial class RonClient
{
    /// <summary>Sends HELLO and returns the reply's JSON bytes as the node sent them.</summary>
    public async Task<byte[]> HelloJsonAsync(CancellationToken ct = default) =>
        (await RequestAsync(Proto.Oap.OapAppId.Hello, ReadOnlyMemory<byte>.Empty, Always, ct).ConfigureAwait(false)).Reply;
}
