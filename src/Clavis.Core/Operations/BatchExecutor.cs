using Clavis.Core.Ports;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Microsoft.Extensions.Logging;

namespace Clavis.Core.Operations;

/// <summary>
/// Runs the batch items of a request message through their handlers, honouring Batch Error
/// Continuation (Stop, Continue, Undo), the ID Placeholder and asynchronous requests, and builds the
/// response message in the request's protocol version.
/// </summary>
public sealed class BatchExecutor
{
    private const int ConflictRetries = 3;

    private readonly IReadOnlyDictionary<Operation, IOperationHandler> _handlers;
    private readonly KmipServices _services;
    private readonly AsynchronousOperations _asynchronous;
    private readonly ILogger _logger;

    /// <summary>Creates an executor over <paramref name="handlers"/> (one per operation).</summary>
    /// <exception cref="ArgumentException">Two handlers claim one operation.</exception>
    public BatchExecutor(IEnumerable<IOperationHandler> handlers, KmipServices services, AsynchronousOperations asynchronous, ILogger<BatchExecutor> logger)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        var map = new Dictionary<Operation, IOperationHandler>();
        foreach (IOperationHandler handler in handlers)
        {
            if (!map.TryAdd(handler.Operation, handler))
            {
                throw new ArgumentException($"two handlers for {handler.Operation}", nameof(handlers));
            }
        }

        _handlers = map;
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _asynchronous = asynchronous ?? throw new ArgumentNullException(nameof(asynchronous));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The operations this server carries out.</summary>
    public IEnumerable<Operation> Operations => _handlers.Keys.Order();

    /// <summary>Whether <paramref name="version"/> is served.</summary>
    public bool Supports(ProtocolVersion version) => _services.Options.SupportedVersions.Contains(version);

    /// <summary>Answers <paramref name="request"/>.</summary>
    public async Task<ResponseMessage> ExecuteAsync(RequestMessage request, RequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var response = new ResponseMessage(new ResponseHeader
        {
            ProtocolVersion = request.Header.ProtocolVersion,
            TimeStamp = _services.Clock.UtcNow,
            ClientCorrelationValue = request.Header.ClientCorrelationValue,
        });

        if (!Supports(request.Header.ProtocolVersion))
        {
            // KMIP 1.4 §5 / 2.1 §8: a version the server does not support is refused, in a response it can still read.
            foreach (RequestBatchItem item in request.BatchItems)
            {
                response.BatchItems.Add(Result(item, request.Header.ProtocolVersion, OperationOutcome.Failed(ResultReason.InvalidMessage,
                    $"protocol version {request.Header.ProtocolVersion} is not supported; supported: {string.Join(", ", _services.Options.SupportedVersions)}")));
            }

            return response;
        }

        BatchErrorContinuationOption continuation = request.Header.BatchErrorContinuationOption ?? BatchErrorContinuationOption.Stop;
        var objects = new UnitOfWork(_services.Store);
        var operationContext = new OperationContext(context, objects, _services);
        var undoable = new List<ResponseBatchItem>();
        Operation lastOperation = Operation.DiscoverVersions;
        foreach (RequestBatchItem item in request.BatchItems)
        {
            lastOperation = item.Operation;
            if (WantsAsynchronous(request.Header, item))
            {
                byte[] correlation = _asynchronous.Start(item, context, ct => RunDetachedAsync(item, context, ct));
                response.BatchItems.Add(new ResponseBatchItem
                {
                    Operation = item.Operation,
                    UniqueBatchItemId = item.UniqueBatchItemId,
                    ResultStatus = ResultStatus.OperationPending,
                    AsynchronousCorrelationValue = correlation,
                });
                continue;
            }

            OperationOutcome outcome = await RunItemAsync(item, operationContext, commitEach: continuation != BatchErrorContinuationOption.Undo, cancellationToken).ConfigureAwait(false);
            ResponseBatchItem result = Result(item, context.ProtocolVersion, outcome);
            response.BatchItems.Add(result);
            if (outcome.Status == ResultStatus.Success)
            {
                undoable.Add(result);
                continue;
            }

            if (continuation == BatchErrorContinuationOption.Continue)
            {
                continue;
            }

            if (continuation == BatchErrorContinuationOption.Undo)
            {
                // KMIP 1.4 §6.17: Undo — nothing of the batch takes effect; earlier items report Operation Undone.
                objects.DiscardAll();
                foreach (ResponseBatchItem done in undoable)
                {
                    done.ResultStatus = ResultStatus.OperationUndone;
                    done.Payload = null;
                }
            }

            // Stop and Undo: the items after the failure are not processed and not answered.
            return response;
        }

        if (continuation == BatchErrorContinuationOption.Undo && objects.HasChanges)
        {
            try
            {
                await objects.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is StoreUnavailableException or ConcurrencyConflictException)
            {
                OperationOutcome failed = FailureMapping.ToOutcome(ex, lastOperation, _logger);
                foreach (ResponseBatchItem done in undoable)
                {
                    done.ResultStatus = ResultStatus.OperationUndone;
                    done.Payload = null;
                }

                if (undoable.Count > 0)
                {
                    ResponseBatchItem last = undoable[^1];
                    last.ResultStatus = ResultStatus.OperationFailed;
                    last.ResultReason = failed.Reason is ResultReason reason ? FailureMapping.ForVersion(reason, context.ProtocolVersion) : null;
                    last.ResultMessage = failed.Message;
                }
            }
        }

        return response;
    }

    private async Task<OperationOutcome> RunItemAsync(RequestBatchItem item, OperationContext context, bool commitEach, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(item.Operation, out IOperationHandler? handler))
        {
            return OperationOutcome.Failed(ResultReason.OperationNotSupported, $"{item.Operation} is not supported by this server");
        }

        if (context.Version < handler.Since)
        {
            return OperationOutcome.Failed(ResultReason.OperationNotSupported, $"{item.Operation} does not exist in KMIP {context.Version}");
        }

        for (int attempt = 1; ; attempt++)
        {
            context.Objects.BeginItem();
            string? placeholder = context.IdPlaceholder;
            try
            {
                ResponsePayload payload = await handler.HandleAsync(item.Payload, context, cancellationToken).ConfigureAwait(false);
                if (commitEach)
                {
                    await context.Objects.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                return OperationOutcome.Success(payload);
            }
            catch (ConcurrencyConflictException) when (commitEach && attempt < ConflictRetries)
            {
                // Another request changed the object between read and commit: read again and redo this item.
                context.Objects.DiscardAll();
                context.IdPlaceholder = placeholder;
            }
            catch (OperationPendingException pending)
            {
                context.Objects.RollbackItem();
                return new OperationOutcome(ResultStatus.OperationPending, null, null, null) { CorrelationValue = pending.CorrelationValue };
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                context.Objects.RollbackItem();
                context.IdPlaceholder = placeholder;
                return FailureMapping.ToOutcome(ex, item.Operation, _logger);
            }
        }
    }

    private async Task<OperationOutcome> RunDetachedAsync(RequestBatchItem item, RequestContext request, CancellationToken cancellationToken)
    {
        var context = new OperationContext(request, new UnitOfWork(_services.Store), _services);
        return await RunItemAsync(item, context, commitEach: true, cancellationToken).ConfigureAwait(false);
    }

    private bool WantsAsynchronous(RequestHeader header, RequestBatchItem item)
    {
        // KMIP 2.1 §8: Mandatory obliges the server to answer asynchronously; Optional leaves it the choice,
        // and this server answers those synchronously. Poll and Cancel themselves are never deferred.
        return header.AsynchronousIndicator == AsynchronousIndicator.Mandatory
            && item.Operation is not (Operation.Poll or Operation.Cancel or Operation.DiscoverVersions or Operation.Query)
            && _handlers.ContainsKey(item.Operation);
    }

    private static ResponseBatchItem Result(RequestBatchItem item, ProtocolVersion version, OperationOutcome outcome) => new()
    {
        // Poll answers with the payload of the operation it polled, under that operation's name.
        Operation = outcome.Payload?.Operation ?? item.Operation,
        AsynchronousCorrelationValue = outcome.CorrelationValue,
        UniqueBatchItemId = item.UniqueBatchItemId,
        ResultStatus = outcome.Status,
        ResultReason = outcome.Reason is ResultReason reason ? FailureMapping.ForVersion(reason, version) : null,
        ResultMessage = outcome.Message,
        Payload = outcome.Payload,
    };
}
