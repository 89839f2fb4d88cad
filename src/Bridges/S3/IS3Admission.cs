namespace RustyOnions.Bridges.S3;

/// <summary>
/// Hook for quotas and the node's in-flight gate: called once an S3 request is authenticated, before any work.
/// Throw <see cref="S3Exception"/> (e.g. 503 SlowDown) to refuse; dispose the returned lease when the request ends.
/// </summary>
public interface IS3Admission
{
    /// <summary>Admits one request of <paramref name="tenant"/> (null = anonymous) that may write <paramref name="bytes"/> bytes.</summary>
    ValueTask<IDisposable?> EnterAsync(string? tenant, string operation, long? bytes, CancellationToken ct);
}
