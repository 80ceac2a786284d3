using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Operations.Handlers;

/// <summary>Cancel: stops an asynchronous operation that has not finished.</summary>
public sealed class CancelHandler : OperationHandler<CancelRequestPayload, CancelResponsePayload>
{
    private readonly AsynchronousOperations _asynchronous;

    /// <summary>Creates the handler over the server's asynchronous operations.</summary>
    public CancelHandler(AsynchronousOperations asynchronous)
    {
        _asynchronous = asynchronous ?? throw new ArgumentNullException(nameof(asynchronous));
    }

    /// <inheritdoc/>
    public override Operation Operation => Operation.Cancel;

    /// <inheritdoc/>
    protected override ValueTask<CancelResponsePayload> HandleAsync(CancelRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        byte[] correlation = request.AsynchronousCorrelationValue
            ?? throw new KmipException(ResultReason.InvalidField, "Cancel needs an Asynchronous Correlation Value");
        return ValueTask.FromResult(new CancelResponsePayload
        {
            AsynchronousCorrelationValue = correlation,
            CancellationResult = _asynchronous.Cancel(correlation, context.Identity),
        });
    }
}
