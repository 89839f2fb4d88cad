namespace RustyOnions.Transport.Tls.Connections;

internal sealed class StreamFeature(Stream stream) : IStreamFeature
{
    public Stream Stream { get; } = stream;
}
