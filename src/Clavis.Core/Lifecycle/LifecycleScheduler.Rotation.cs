using Clavis.Core.Audit;
using Clavis.Core.Identity;
using Clavis.Core.Keys;
using Clavis.Core.Objects;
using Clavis.Core.Operations;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Microsoft.Extensions.Logging;

namespace Clavis.Core.Lifecycle;

/// <summary>Automatic rotation: the server re-keys keys whose rotation policy says so, when it is due.</summary>
public sealed partial class LifecycleScheduler
{
    // KMIP 2.1 Rotate attributes: with Rotate Automatic True, the server rotates the key every Rotate
    // Interval (the first time Rotate Offset after its Initial Date, when given). The replacement is re-keyed with
    // Offset 0 (§6.1.43): it is Active from the rotation, and its other dates move with its Activation Date. Due keys are found through the same index as due transitions (ObjectIndex.NextTransitionAt), so a run reads
    // only the keys that are due, never every key.
    private async Task<(int Rotated, int Skipped)> RotateDueKeysAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        int rotated = 0;
        int skipped = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            IReadOnlyList<string> due = await _services.Store.FindDueTransitionsAsync(now, _batchSize, cancellationToken).ConfigureAwait(false);
            int fresh = 0;
            foreach (string id in due)
            {
                if (!seen.Add(id))
                {
                    continue;
                }

                fresh++;
                switch (await RotateOneAsync(id, now, cancellationToken).ConfigureAwait(false))
                {
                    case Outcome.Changed:
                        rotated++;
                        break;
                    case Outcome.Conflict:
                        skipped++;
                        break;
                }
            }

            if (due.Count < _batchSize || fresh == 0)
            {
                return (rotated, skipped);
            }
        }
    }

    private async Task<Outcome> RotateOneAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var objects = new UnitOfWork(_services.Store);
        ManagedObject? key = await objects.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (key is null || ReKeying.AutomaticRotationDue(key) is not DateTimeOffset due || due > now || ObjectSuspension.IsSuspended(key))
        {
            return Outcome.Unchanged;
        }

        // The server acts for the key's owner; the replacement is the owner's, as if the owner had sent Re-key.
        var owner = new ClientIdentity(key.Owner ?? "", "", "", []);
        var context = new OperationContext(new RequestContext(owner, ProtocolVersion.V2_1, now, 0, null), objects, _services);
        try
        {
            ManagedObject replacement = ReKeying.Replace(key, 0, null, context);
            AuditedObject audited = AuditedObject.From(key);
            // The rotation commits with its record: the old key and its replacement, named in that order.
            AuditRecord record = new()
            {
                Time = now,
                NodeId = _services.Options.NodeId,
                Source = AuditSource.Server,
                Operation = "AutomaticRotation",
                ObjectIds = [id, replacement.Id],
                ObjectCount = 2,
                ObjectType = audited.ObjectType,
                CryptographicAlgorithm = audited.CryptographicAlgorithm,
                CryptographicLength = audited.CryptographicLength,
                CryptographicUsageMask = audited.CryptographicUsageMask,
                State = audited.State,
                ResultStatus = nameof(ResultStatus.Success),
                Message = $"re-keyed by its rotation policy for owner {key.Owner}; the replacement is {replacement.Id}",
            };
            await objects.CommitAsync(record, cancellationToken).ConfigureAwait(false);
            LogRotated(_logger, id, replacement.Id);
            return Outcome.Changed;
        }
        catch (ConcurrencyConflictException)
        {
            return Outcome.Conflict;
        }
        catch (KmipException ex)
        {
            // A key the policy no longer generates (say a 3DES key) cannot be rotated; it stays due and is logged each run.
            LogRotationRefused(_logger, id, ex.Message);
            return Outcome.Unchanged;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rotation: key {Id} re-keyed by its rotation policy; the replacement is {ReplacementId}")]
    private static partial void LogRotated(ILogger logger, string id, string replacementId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rotation: key {Id} is due but cannot be re-keyed: {Reason}")]
    private static partial void LogRotationRefused(ILogger logger, string id, string reason);
}
