using Clavis.Core.Audit;
using Clavis.Core.Identity;
using Clavis.Kmip;

namespace Clavis.Core.Operations;

/// <summary>What one batch item's handler works with.</summary>
public sealed class OperationContext
{
    /// <summary>Creates a context.</summary>
    public OperationContext(RequestContext request, UnitOfWork objects, KmipServices services)
    {
        Request = request ?? throw new ArgumentNullException(nameof(request));
        Objects = objects ?? throw new ArgumentNullException(nameof(objects));
        Services = services ?? throw new ArgumentNullException(nameof(services));
    }

    /// <summary>The request message's shared context.</summary>
    public RequestContext Request { get; }

    /// <summary>The client.</summary>
    public ClientIdentity Identity => Request.Identity;

    /// <summary>The request's protocol version.</summary>
    public ProtocolVersion Version => Request.ProtocolVersion;

    /// <summary>Objects read and changed by this request.</summary>
    public UnitOfWork Objects { get; }

    /// <summary>Store, barrier, clock, settings.</summary>
    public KmipServices Services { get; }

    /// <summary>What the handler adds to this batch item's audit record (for example <see cref="AuditDetails.DataSize"/>).</summary>
    public AuditDetails Audit { get; } = new();

    /// <summary>The operation of the batch item being carried out (what the access policy is asked about).</summary>
    public Operation Operation { get; set; }

    /// <summary>Now, from the server's clock.</summary>
    public DateTimeOffset Now => Services.Clock.UtcNow;

    /// <summary>
    /// The ID Placeholder: the Unique Identifier an earlier batch item of this message produced, used by
    /// later items that omit theirs (KMIP 2.1 §2.1.x ID Placeholder).
    /// </summary>
    public string? IdPlaceholder { get; set; }

    /// <summary>
    /// Key bodies this message's read-only uses opened, shared by its batch items; null (each use opens and zeroes
    /// its own) unless the owner of the context zeroes them when the message ends (<see cref="BatchExecutor"/> does).
    /// </summary>
    internal Keys.OpenedBodies? OpenedBodies { get; init; }

    /// <summary>
    /// The identifier a request names, or the ID Placeholder when it names none.
    /// </summary>
    /// <exception cref="KmipException">Neither is there (Invalid Field... KMIP says Item Not Found for a missing placeholder).</exception>
    public string ResolveId(string? requested) =>
        requested ?? IdPlaceholder ?? throw new KmipException(ResultReason.ItemNotFound, "the request names no Unique Identifier and no earlier batch item set the ID Placeholder");
}
