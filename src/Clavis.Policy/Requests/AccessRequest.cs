using Clavis.Kmip;

namespace Clavis.Policy.Requests;

/// <summary>
/// One question to policy: may <see cref="Principal"/> perform <see cref="Operation"/> on <see cref="Resource"/>
/// now? The caller fills it from the session, the batch item and the object; the engine reads nothing else, so
/// a decision is a pure function of this request, the compiled <see cref="PolicySet"/> and the usage counts.
/// </summary>
public sealed class AccessRequest
{
    /// <summary>Who asks.</summary>
    public required Principal Principal { get; init; }

    /// <summary>The KMIP operation of the batch item.</summary>
    public required Operation Operation { get; init; }

    /// <summary>
    /// The object the operation names, or null when it names none (Create, Create Key Pair, Register, Query,
    /// Discover Versions, RNG Retrieve, Hash, and Locate before its results are known). Only statements without
    /// <c>resources</c>, or with <c>any: true</c> or <c>noObject: true</c>, match a request without an object.
    /// </summary>
    public ResourceAttributes? Resource { get; init; }

    /// <summary>The time of the request (time windows and object ages are measured against it).</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>The protocol version of the request message.</summary>
    public required ProtocolVersion ProtocolVersion { get; init; }

    /// <summary>
    /// The size in bytes of the data the operation carries (Encrypt's plaintext, Sign's message, …), or null when it
    /// carries none; a <c>dataSize</c> condition holds for a request without data.
    /// </summary>
    public long? DataSize { get; init; }
}
