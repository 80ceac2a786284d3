using Clavis.Core.Access;
using Clavis.Core.Audit;
using Clavis.Core.Keys;
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
public sealed partial class BatchExecutor
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

    /// <summary>
    /// False only on a node the load generator hosts to measure what the journal costs Encrypt (bench/README.md):
    /// requests then write no audit records and never wait for the journal's commit; changes still commit. Internal so
    /// that no setting, variable or flag can turn a KMS's journal off.
    /// </summary>
    internal bool WritesAuditRecords { get; init; } = true;

    /// <summary>The operations this server carries out.</summary>
    public IEnumerable<Operation> Operations => _handlers.Keys.Order();

    /// <summary>Whether <paramref name="version"/> is served.</summary>
    public bool Supports(ProtocolVersion version) => _services.Options.SupportedVersions.Contains(version);

    /// <summary>Answers <paramref name="request"/>.</summary>
    /// <remarks>
    /// Every batch item gets an audit record, allowed or refused. A record goes into the transaction of the
    /// change its item made; the records of items that changed nothing are committed together before the
    /// response is returned. When they cannot be written, the items they describe are answered with General
    /// Failure instead: nothing leaves the server without its record.
    /// </remarks>
    public Task<ResponseMessage> ExecuteAsync(RequestMessage request, RequestContext context, CancellationToken cancellationToken) =>
        ExecuteAsync(request, context, executed: null, cancellationToken);

    /// <summary>
    /// Answers <paramref name="request"/>, calling <paramref name="executed"/> once every change of its items is committed
    /// and only its audit records' commit is left to wait for, so a session may start on its next message meanwhile.
    /// </summary>
    /// <remarks>Not called for an Undo batch, whose changes commit only at its end, nor when nothing is left to wait for.</remarks>
    public async Task<ResponseMessage> ExecuteAsync(RequestMessage request, RequestContext context, Action? executed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (!Supports(request.Header.ProtocolVersion))
        {
            // KMIP 1.4 §5 / 2.1 §8: a version the server does not support is refused, in a response it can still read.
            string unsupported = $"protocol version {request.Header.ProtocolVersion} is not supported; supported: {string.Join(", ", _services.Options.SupportedVersions)}";
            return await RefuseAsync(request, context, ResultReason.InvalidMessage, unsupported, unsupported, cancellationToken).ConfigureAwait(false);
        }

        ResponseMessage response = NewResponse(request);
        var audit = new RequestAudit(context, _services.Options.NodeId);
        UnitOfWork objects = NewUnitOfWork();

        var opened = new OpenedBodies();
        var operationContext = new OperationContext(context, objects, _services) { OpenedBodies = opened };
        try
        {
            return await RunItemsAsync(request, context, response, audit, objects, operationContext, executed, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The key bodies the items shared are zeroed once the message is answered.
            opened.Erase();
        }
    }

    private async Task<ResponseMessage> RunItemsAsync(RequestMessage request, RequestContext context, ResponseMessage response, RequestAudit audit,
        UnitOfWork objects, OperationContext operationContext, Action? executed, CancellationToken cancellationToken)
    {
        BatchErrorContinuationOption continuation = request.Header.BatchErrorContinuationOption ?? BatchErrorContinuationOption.Stop;
        bool undoBatch = continuation == BatchErrorContinuationOption.Undo;
        var undoable = new List<ResponseBatchItem>();
        var undoFacts = new List<RequestAudit.ItemFacts>();
        int durableThrough = 0;
        bool failed = false;
        Operation lastOperation = Operation.DiscoverVersions;
        foreach (RequestBatchItem item in request.BatchItems)
        {
            int index = response.BatchItems.Count;
            lastOperation = item.Operation;
            if (WantsAsynchronous(request.Header, item))
            {
                byte[] correlation = _asynchronous.Start(item, context, ct => RunDetachedAsync(item, index, audit, context, ct));
                var pending = new OperationOutcome(ResultStatus.OperationPending, null, null, null) { CorrelationValue = correlation };
                if (!undoBatch)
                {
                    // An Undo batch records every item at its end, from the final answers.
                    objects.Record(audit.Record(index, item.Operation, RequestAudit.ItemFacts.None, pending));
                }

                response.BatchItems.Add(Result(item, context.ProtocolVersion, pending));
                undoFacts.Add(RequestAudit.ItemFacts.None);
                continue;
            }

            (OperationOutcome outcome, RequestAudit.ItemFacts facts) = await RunItemAsync(item, index, audit, operationContext, commitEach: !undoBatch, cancellationToken).ConfigureAwait(false);
            ResponseBatchItem result = Result(item, context.ProtocolVersion, outcome);
            response.BatchItems.Add(result);
            undoFacts.Add(facts);
            if (!objects.HasPendingAudit)
            {
                // The item's commit carried every record so far.
                durableThrough = response.BatchItems.Count;
            }

            if (outcome.Status == ResultStatus.Success)
            {
                undoable.Add(result);
                continue;
            }

            if (continuation == BatchErrorContinuationOption.Continue)
            {
                continue;
            }

            failed = true;
            if (undoBatch)
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
            break;
        }

        if (undoBatch)
        {
            await CommitUndoBatchAsync(request, response, objects, audit, undoable, undoFacts, failed, lastOperation, context.ProtocolVersion, cancellationToken).ConfigureAwait(false);
            return response;
        }

        if (objects.HasPendingAudit && !objects.HasChanges)
        {
            // Every change is committed: what is left is the wait for these records, which the next message may share.
            executed?.Invoke();
        }

        await FlushAuditAsync(objects, response, durableThrough, context.ProtocolVersion, cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <summary>
    /// Records the refusal of a message that could not be decoded (so it has no batch items to run), before the
    /// refusal is answered. <paramref name="operation"/> is the operation when the decoder got that far.
    /// </summary>
    /// <exception cref="AuditJournalException">The record could not be written.</exception>
    public async Task RecordUndecodableAsync(RequestContext context, Operation? operation, ResultReason reason, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!WritesAuditRecords)
        {
            return;
        }

        var audit = new RequestAudit(context, _services.Options.NodeId);
        AuditRecord record = audit.Record(0, operation ?? Operation.DiscoverVersions, RequestAudit.ItemFacts.None, ResultStatus.OperationFailed, reason, message) with
        {
            Operation = operation?.ToString() ?? "UndecodableMessage",
            BatchItemIndex = null,
        };
        try
        {
            await _services.Store.AppendAsync([record], cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException ex)
        {
            throw new AuditJournalException("the audit journal could not be written", ex);
        }
    }

    // An Undo batch commits once at the end, its records in the same transaction; the records name each item's
    // final status (Undone when a later item failed).
    private async Task CommitUndoBatchAsync(RequestMessage request, ResponseMessage response, UnitOfWork objects, RequestAudit audit,
        List<ResponseBatchItem> undoable, List<RequestAudit.ItemFacts> facts, bool failed, Operation lastOperation, ProtocolVersion version, CancellationToken cancellationToken)
    {
        if (!failed && objects.HasChanges)
        {
            try
            {
                await objects.CommitAsync(Records(response, audit, facts), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is StoreUnavailableException or ConcurrencyConflictException)
            {
                OperationOutcome commitFailure = FailureMapping.ToOutcome(ex, lastOperation, _logger);
                foreach (ResponseBatchItem done in undoable)
                {
                    done.ResultStatus = ResultStatus.OperationUndone;
                    done.Payload = null;
                }

                if (undoable.Count > 0)
                {
                    ResponseBatchItem last = undoable[^1];
                    last.ResultStatus = ResultStatus.OperationFailed;
                    last.ResultReason = commitFailure.Reason is ResultReason reason ? FailureMapping.ForVersion(reason, version) : null;
                    last.ResultMessage = commitFailure.Message;
                }
            }
        }

        foreach (AuditRecord record in Records(response, audit, facts))
        {
            objects.Record(record);
        }

        await FlushAuditAsync(objects, response, 0, request.Header.ProtocolVersion, cancellationToken).ConfigureAwait(false);
    }

    private static List<AuditRecord> Records(ResponseMessage response, RequestAudit audit, List<RequestAudit.ItemFacts> facts)
    {
        var records = new List<AuditRecord>(response.BatchItems.Count);
        for (int i = 0; i < response.BatchItems.Count; i++)
        {
            ResponseBatchItem item = response.BatchItems[i];
            records.Add(audit.Record(i, item.Operation ?? Operation.DiscoverVersions, facts[i], item.ResultStatus, item.ResultReason, item.ResultMessage));
        }

        return records;
    }

    // Commits the records still waiting (items that changed nothing, refusals). When that fails, the items from
    // durableThrough on were not recorded, so they must not be answered as they were: they become General Failure.
    private async Task FlushAuditAsync(UnitOfWork objects, ResponseMessage response, int durableThrough, ProtocolVersion version, CancellationToken cancellationToken)
    {
        if (!objects.HasPendingAudit)
        {
            return;
        }

        try
        {
            await objects.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or ConcurrencyConflictException)
        {
            OperationOutcome unrecorded = FailureMapping.ToOutcome(new AuditJournalException("the audit journal could not be written", ex), Operation.DiscoverVersions, _logger);
            for (int i = durableThrough; i < response.BatchItems.Count; i++)
            {
                ResponseBatchItem item = response.BatchItems[i];
                item.ResultStatus = ResultStatus.OperationFailed;
                item.ResultReason = unrecorded.Reason is ResultReason reason ? FailureMapping.ForVersion(reason, version) : null;
                item.ResultMessage = unrecorded.Message;
                item.Payload = null;
                item.AsynchronousCorrelationValue = null;
            }
        }
    }

    private async Task<(OperationOutcome Outcome, RequestAudit.ItemFacts Facts)> RunItemAsync(
        RequestBatchItem item, int index, RequestAudit audit, OperationContext context, bool commitEach, CancellationToken cancellationToken)
    {
        (OperationOutcome outcome, RequestAudit.ItemFacts facts, bool recorded) = await ExecuteItemAsync(item, index, audit, context, commitEach, cancellationToken).ConfigureAwait(false);
        if (commitEach && !recorded)
        {
            context.Objects.Record(audit.Record(index, item.Operation, facts, outcome));
        }

        return (outcome, facts);
    }

    private async Task<(OperationOutcome Outcome, RequestAudit.ItemFacts Facts, bool Recorded)> ExecuteItemAsync(
        RequestBatchItem item, int index, RequestAudit audit, OperationContext context, bool commitEach, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(item.Operation, out IOperationHandler? handler))
        {
            return (OperationOutcome.Failed(ResultReason.OperationNotSupported, $"{item.Operation} is not supported by this server"), RequestAudit.ItemFacts.None, false);
        }

        if (context.Version < handler.Since)
        {
            return (OperationOutcome.Failed(ResultReason.OperationNotSupported, $"{item.Operation} does not exist in KMIP {context.Version}"), RequestAudit.ItemFacts.None, false);
        }

        for (int attempt = 1; ; attempt++)
        {
            context.Objects.BeginItem();
            context.Audit.Reset();
            context.Operation = item.Operation;
            string? placeholder = context.IdPlaceholder;
            try
            {
                if (AccessControl.NamesNoObject(item.Operation))
                {
                    await AccessControl.RequireAsync(context, null, cancellationToken).ConfigureAwait(false);
                }

                ResponsePayload payload = await handler.HandleAsync(item.Payload, context, cancellationToken).ConfigureAwait(false);
                var success = OperationOutcome.Success(payload);
                RequestAudit.ItemFacts facts = RequestAudit.Capture(context, payload);
                if (!commitEach)
                {
                    return (success, facts, false);
                }

                AuditRecord record = audit.Record(index, item.Operation, facts, success);
                if (context.Objects.HasChanges)
                {
                    // The change and its record commit in one transaction, or neither does.
                    await context.Objects.CommitAsync(record, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    context.Objects.Record(record);
                }

                return (success, facts, true);
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
                var outcome = new OperationOutcome(ResultStatus.OperationPending, null, null, null) { CorrelationValue = pending.CorrelationValue };
                return (outcome, RequestAudit.Capture(context, null), false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                context.Objects.RollbackItem();
                context.IdPlaceholder = placeholder;
                return (FailureMapping.ToOutcome(ex, item.Operation, _logger), RequestAudit.Capture(context, null), false);
            }
        }
    }

    private async Task<OperationOutcome> RunDetachedAsync(RequestBatchItem item, int index, RequestAudit audit, RequestContext request, CancellationToken cancellationToken)
    {
        var context = new OperationContext(request, NewUnitOfWork(), _services);
        (OperationOutcome outcome, _) = await RunItemAsync(item, index, audit, context, commitEach: true, cancellationToken).ConfigureAwait(false);
        try
        {
            await context.Objects.CommitAsync(cancellationToken).ConfigureAwait(false);
            return outcome;
        }
        catch (Exception ex) when (ex is StoreUnavailableException or ConcurrencyConflictException)
        {
            // The result is held for Poll; one that was not recorded is not handed out.
            return FailureMapping.ToOutcome(new AuditJournalException("the audit journal could not be written", ex), item.Operation, _logger);
        }
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
