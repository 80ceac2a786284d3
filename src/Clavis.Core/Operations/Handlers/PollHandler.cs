using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Poll: the state of an asynchronous operation — still pending, or its result (answered under the
/// polled operation's name with its payload, or its failure).
/// </summary>
public sealed class PollHandler : OperationHandler<PollRequestPayload, ResponsePayload>
{
    private readonly AsynchronousOperations _asynchronous;

    /// <summary>Creates the handler over the server's asynchronous operations.</summary>
    public PollHandler(AsynchronousOperations asynchronous)
    {
        _asynchronous = asynchronous ?? throw new ArgumentNullException(nameof(asynchronous));
    }

    /// <inheritdoc/>
    public override Operation Operation => Operation.Poll;

    /// <inheritdoc/>
    protected override ValueTask<ResponsePayload> HandleAsync(PollRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        byte[] correlation = request.AsynchronousCorrelationValue
            ?? throw new KmipException(ResultReason.InvalidField, "Poll needs an Asynchronous Correlation Value");
        OperationOutcome? outcome = _asynchronous.Poll(correlation, context.Identity);
        if (outcome is null)
        {
            throw new OperationPendingException(correlation);
        }

        if (outcome.Payload is null)
        {
            throw new KmipException(outcome.Reason ?? ResultReason.GeneralFailure, outcome.Message ?? "the asynchronous operation failed");
        }

        return ValueTask.FromResult(outcome.Payload);
    }
}
