using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Operations;

/// <summary>Base of the handlers: checks the payload type once, so each handler sees its own types.</summary>
/// <typeparam name="TRequest">The operation's request payload.</typeparam>
/// <typeparam name="TResponse">The operation's response payload.</typeparam>
public abstract class OperationHandler<TRequest, TResponse> : IOperationHandler
    where TRequest : RequestPayload
    where TResponse : ResponsePayload
{
    /// <inheritdoc/>
    public abstract Operation Operation { get; }

    /// <inheritdoc/>
    public virtual ProtocolVersion Since => ProtocolVersion.V1_0;

    /// <inheritdoc/>
    public async ValueTask<ResponsePayload> HandleAsync(RequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        if (request is not TRequest typed)
        {
            throw new KmipException(ResultReason.InvalidMessage, $"{Operation} expects a {typeof(TRequest).Name}");
        }

        return await HandleAsync(typed, context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Carries out the operation.</summary>
    /// <exception cref="KmipException">The operation failed for a KMIP reason.</exception>
    protected abstract ValueTask<TResponse> HandleAsync(TRequest request, OperationContext context, CancellationToken cancellationToken);
}
