namespace Clavis.Core.Ports;

/// <summary>What <c>clavis audit query</c> asks for; every condition set must hold.</summary>
public sealed record AuditQuery
{
    /// <summary>Records naming this object first.</summary>
    public string? ObjectId { get; init; }

    /// <summary>Records of this principal.</summary>
    public string? Principal { get; init; }

    /// <summary>Records of this operation (<c>Get</c>, <c>Suspend</c>, …).</summary>
    public string? Operation { get; init; }

    /// <summary>Records with this Result Status (<c>Success</c>, <c>OperationFailed</c>, …).</summary>
    public string? ResultStatus { get; init; }

    /// <summary>Records of this node.</summary>
    public string? NodeId { get; init; }

    /// <summary>Records at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Records before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Oldest first when true; newest first otherwise.</summary>
    public bool Ascending { get; init; }

    /// <summary>Most records returned; null for all.</summary>
    public int? Limit { get; init; }
}
