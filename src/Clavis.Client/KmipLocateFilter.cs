using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client;

/// <summary>What <see cref="KmipClient.LocateAsync(KmipLocateFilter, CancellationToken)"/> looks for; every set field must match.</summary>
public sealed class KmipLocateFilter
{
    /// <summary>The object's Name.</summary>
    public string? Name { get; set; }

    /// <summary>The object's type.</summary>
    public ObjectType? ObjectType { get; set; }

    /// <summary>The object's life-cycle state.</summary>
    public State? State { get; set; }

    /// <summary>The object's Cryptographic Algorithm.</summary>
    public CryptographicAlgorithm? CryptographicAlgorithm { get; set; }

    /// <summary>Further attributes that must match.</summary>
    public IList<KmipAttribute> Attributes { get; } = [];

    /// <summary>Most identifiers to return.</summary>
    public int? MaximumItems { get; set; }

    /// <summary>How many matches to skip first (KMIP 1.3 and later).</summary>
    public int? OffsetItems { get; set; }

    /// <summary>The Locate request this filter stands for.</summary>
    public LocateRequestPayload ToRequest()
    {
        var attributes = new List<KmipAttribute>();
        if (ObjectType is { } objectType)
        {
            attributes.Add(KmipAttributes.ObjectType(objectType));
        }

        if (CryptographicAlgorithm is { } algorithm)
        {
            attributes.Add(KmipAttributes.CryptographicAlgorithm(algorithm));
        }

        if (Name is not null)
        {
            attributes.Add(KmipAttributes.Name(Name));
        }

        if (State is { } state)
        {
            attributes.Add(KmipAttributes.State(state));
        }

        attributes.AddRange(Attributes);
        return new LocateRequestPayload { Attributes = attributes, MaximumItems = MaximumItems, OffsetItems = OffsetItems };
    }
}
