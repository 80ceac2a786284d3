using Clavis.Kmip;

namespace Clavis.Core.Operations;

/// <summary>The server's KMIP-level settings (not the transport's).</summary>
public sealed record KmipServerOptions
{
    /// <summary>Protocol versions served, newest first (DiscoverVersions answers in this order).</summary>
    public IReadOnlyList<ProtocolVersion> SupportedVersions { get; init; } =
        [ProtocolVersion.V2_1, ProtocolVersion.V2_0, ProtocolVersion.V1_4, ProtocolVersion.V1_3, ProtocolVersion.V1_2, ProtocolVersion.V1_1, ProtocolVersion.V1_0];

    /// <summary>
    /// This node's name in the audit journal: every record it writes joins this node's own hash chain, so
    /// several nodes sharing one store each keep an independently verifiable chain. Must be unique per node.
    /// </summary>
    public string NodeId { get; init; } = "node-1";

    /// <summary>Vendor Identification reported by Query.</summary>
    public string VendorIdentification { get; init; } = "Clavis";

    /// <summary>Server name reported by Query's Server Information.</summary>
    public string ServerName { get; init; } = "Clavis KMIP server";

    /// <summary>The product version reported by Query.</summary>
    public string ServerVersion { get; init; } = "0.1.0";

    /// <summary>How long a Destroyed object's metadata is kept before it is purged.</summary>
    public TimeSpan PurgeRetention { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Most items Locate returns when the client sets no Maximum Items.</summary>
    public int LocateDefaultMaximumItems { get; init; } = 1000;

    /// <summary>Lease time granted by Obtain Lease.</summary>
    public TimeSpan LeaseTime { get; init; } = TimeSpan.FromHours(1);
}
