using System.Security.Cryptography;
using Clavis.Core.Audit;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Microsoft.Extensions.Logging;

namespace Clavis.Core.Operations;

/// <summary>
/// The one place that turns a failure into a KMIP result (STYLE.md "Error handling"): KMIP reasons pass
/// through; dependency failures and bugs become General Failure with no internals, logged with a
/// correlation id the client's message names.
/// </summary>
public static partial class FailureMapping
{
    /// <summary>The outcome for <paramref name="exception"/> raised while handling <paramref name="operation"/>.</summary>
    public static OperationOutcome ToOutcome(Exception exception, Operation operation, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(logger);
        switch (exception)
        {
            case KmipException kmip:
                return OperationOutcome.Failed(kmip.Reason, kmip.Message);
            case KmipMessageFormatException format:
                return OperationOutcome.Failed(format.ResultReason, format.Message);
            case AuditJournalException journal:
                string journalId = NewCorrelationId();
                LogDependencyFailure(logger, journal, operation, "audit journal", journalId);
                return OperationOutcome.Failed(ResultReason.GeneralFailure, $"the audit journal could not be written, so the result is withheld (ref {journalId})");
            case StoreUnavailableException store:
                string storeId = NewCorrelationId();
                LogDependencyFailure(logger, store, operation, "store", storeId);
                return OperationOutcome.Failed(ResultReason.GeneralFailure, $"the object store is unavailable; the operation did not take effect (ref {storeId})");
            case Access.PolicyUnavailableException policy:
                string policyId = NewCorrelationId();
                LogDependencyFailure(logger, policy, operation, "access policy", policyId);
                return OperationOutcome.Failed(ResultReason.GeneralFailure, $"the access policy cannot be read, so no request is allowed (ref {policyId})");
            case SealException seal:
                string sealId = NewCorrelationId();
                LogDependencyFailure(logger, seal, operation, "seal", sealId);
                return OperationOutcome.Failed(ResultReason.GeneralFailure, $"key material cannot be unsealed (ref {sealId})");
            case ConcurrencyConflictException:
                return OperationOutcome.Failed(ResultReason.GeneralFailure, "the object was changed by another request at the same time; retry");
            case CryptographicException crypto:
                string cryptoId = NewCorrelationId();
                LogDependencyFailure(logger, crypto, operation, "cryptography", cryptoId);
                return OperationOutcome.Failed(ResultReason.CryptographicFailure, $"cryptographic failure (ref {cryptoId})");
            case OperationCanceledException:
                return OperationOutcome.Failed(ResultReason.GeneralFailure, "the operation was cancelled");
            default:
                string bugId = NewCorrelationId();
                LogUnexpected(logger, exception, operation, bugId);
                return OperationOutcome.Failed(ResultReason.GeneralFailure, $"internal error (ref {bugId})");
        }
    }

    // For a reason a version lacks, the nearest reason of the version before it — what 1.x servers (PyKMIP
    // among them) answer in the same situation. Followed until a reason the client's version defines.
    private static readonly Dictionary<ResultReason, ResultReason> s_nearer = new()
    {
        [ResultReason.WrongKeyLifecycleState] = ResultReason.PermissionDenied,
        [ResultReason.UsageLimitExceeded] = ResultReason.PermissionDenied,
        [ResultReason.IncompatibleCryptographicUsageMask] = ResultReason.PermissionDenied,
        [ResultReason.Sensitive] = ResultReason.PermissionDenied,
        [ResultReason.NotExtractable] = ResultReason.PermissionDenied,
        [ResultReason.AttributeReadOnly] = ResultReason.PermissionDenied,
        [ResultReason.ReadOnlyAttribute] = ResultReason.PermissionDenied,
        [ResultReason.ObjectDestroyed] = ResultReason.KeyValueNotPresent,
        [ResultReason.KeyValueNotPresent] = ResultReason.ItemNotFound,
        [ResultReason.ObjectNotFound] = ResultReason.ItemNotFound,
        [ResultReason.AttributeNotFound] = ResultReason.ItemNotFound,
        [ResultReason.AttributeInstanceNotFound] = ResultReason.IndexOutOfBounds,
        [ResultReason.IndexOutOfBounds] = ResultReason.ItemNotFound,
        [ResultReason.AttributeSingleValued] = ResultReason.IllegalOperation,
        [ResultReason.MultiValuedAttribute] = ResultReason.InvalidField,
        [ResultReason.UnsupportedAttribute] = ResultReason.InvalidField,
        [ResultReason.InvalidAttribute] = ResultReason.InvalidField,
        [ResultReason.InvalidAttributeValue] = ResultReason.InvalidField,
        [ResultReason.InvalidDataType] = ResultReason.InvalidField,
        [ResultReason.NumericRange] = ResultReason.InvalidField,
        [ResultReason.BadCryptographicParameters] = ResultReason.InvalidField,
        [ResultReason.InvalidCorrelationValue] = ResultReason.InvalidField,
        [ResultReason.ServerLimitExceeded] = ResultReason.GeneralFailure,
        [ResultReason.IllegalObjectType] = ResultReason.InvalidField,
        [ResultReason.KeyWrapTypeNotSupported] = ResultReason.FeatureNotSupported,
        [ResultReason.WrappingObjectNotFound] = ResultReason.ItemNotFound,
        [ResultReason.WrappingObjectArchived] = ResultReason.ObjectArchived,
        [ResultReason.WrappingObjectDestroyed] = ResultReason.ObjectDestroyed,
        [ResultReason.EncodingOptionError] = ResultReason.InvalidField,
    };

    /// <summary>
    /// The reason to send a client of <paramref name="version"/>: <paramref name="reason"/> when that version
    /// defines it, else the nearest reason it does define (KMIP 2.0 added many; a 1.x client cannot decode them).
    /// This is the one table of such substitutions; handlers throw the precise reason and let it apply.
    /// </summary>
    public static ResultReason ForVersion(ResultReason reason, ProtocolVersion version)
    {
        if (!KmipVocabulary.TryGetEnumerationForTag(Tag.ResultReason, out EnumerationDefinition? reasons))
        {
            return reason;
        }

        ResultReason candidate = reason;
        while (!reasons.IsDefinedIn((uint)candidate, version))
        {
            if (!s_nearer.TryGetValue(candidate, out candidate))
            {
                return ResultReason.GeneralFailure;
            }
        }

        return candidate;
    }

    private static string NewCorrelationId() => Guid.NewGuid().ToString("N")[..12];

    [LoggerMessage(Level = LogLevel.Error, Message = "{Operation} failed: {Dependency} failure (ref {CorrelationId})")]
    private static partial void LogDependencyFailure(ILogger logger, Exception exception, Operation operation, string dependency, string correlationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Operation} failed unexpectedly (ref {CorrelationId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, Operation operation, string correlationId);
}
