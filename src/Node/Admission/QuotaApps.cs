using RustyOnions.Overlay.Protocol;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Admission;

/// <summary>The app names a quota can be set for (config, env and the policy file) and the app ids each covers.</summary>
internal static class QuotaApps
{
    /// <summary>The app ids behind <paramref name="app"/>; throws for a name that cannot carry a quota.</summary>
    public static ushort[] Ids(string app) => app switch
    {
        "mailbox" => [OapAppId.Mailbox],
        "storage" => [OapAppId.Storage],
        "echo" => [OapAppId.Echo],

        // Peer traffic: one bucket per overlay app id (peer links use tenant 0).
        "overlay" => [OverlayAppIds.Ping, OverlayAppIds.PeerExchange, OverlayAppIds.Have, OverlayAppIds.StoreReplica, OverlayAppIds.Fetch],
        "s3" => [GatewayAppIds.S3],
        _ => throw new ArgumentException($"no app named '{app}' can carry a quota (known: {string.Join(", ", GuardConfig.QuotaApps)})", nameof(app)),
    };
}
