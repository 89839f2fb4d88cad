namespace RustyOnions.Node.Oap;

/// <summary>An application protocol served over OAP/1.</summary>
public interface IOapService
{
    /// <summary>The <c>app_proto_id</c> this service answers.</summary>
    ushort AppId { get; }

    /// <summary>A short name for metrics and logs (e.g. "storage").</summary>
    string Name { get; }

    /// <summary>Handles one request. Throw <see cref="OapServiceException"/> for a client-visible failure.</summary>
    ValueTask HandleAsync(OapRequest request, OapConnectionInfo connection, CancellationToken ct);
}
