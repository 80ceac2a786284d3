using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Operations;

/// <summary>Carries out one KMIP operation. One implementation per operation.</summary>
public interface IOperationHandler
{
    /// <summary>The operation handled.</summary>
    Operation Operation { get; }

    /// <summary>The first protocol version that has the operation.</summary>
    ProtocolVersion Since { get; }

    /// <summary>Carries out <paramref name="request"/>.</summary>
    /// <exception cref="KmipException">The operation failed for a KMIP reason.</exception>
    ValueTask<ResponsePayload> HandleAsync(RequestPayload request, OperationContext context, CancellationToken cancellationToken);
}
