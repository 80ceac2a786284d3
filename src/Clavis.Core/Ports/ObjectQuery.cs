using Clavis.Kmip;

namespace Clavis.Core.Ports;

/// <summary>
/// The conditions of a Locate a store can answer from its indexes. Every given condition must hold;
/// a list condition holds when the object has any of its values. Core checks the remaining KMIP filters itself.
/// </summary>
public sealed record ObjectQuery
{
    /// <summary>Object Type, if constrained.</summary>
    public ObjectType? ObjectType { get; init; }

    /// <summary>Acceptable states; null for any.</summary>
    public IReadOnlyList<State>? States { get; init; }

    /// <summary>A Name value the object must have.</summary>
    public string? Name { get; init; }

    /// <summary>An Object Group the object must be in.</summary>
    public string? ObjectGroup { get; init; }

    /// <summary>Cryptographic Algorithm, if constrained.</summary>
    public uint? CryptographicAlgorithm { get; init; }

    /// <summary>Cryptographic Length, if constrained.</summary>
    public int? CryptographicLength { get; init; }

    /// <summary>Owner identity, if constrained.</summary>
    public string? Owner { get; init; }

    /// <summary>Only objects created after this identifier (paging); identifiers sort in creation order.</summary>
    public string? AfterId { get; init; }

    /// <summary>Most identifiers to return; null for all.</summary>
    public int? Limit { get; init; }
}
