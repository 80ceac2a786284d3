using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client;

// Moving objects through their life cycle.
public sealed partial class KmipClient
{
    /// <summary>Makes a Pre-Active object Active (Activate).</summary>
    /// <param name="uniqueIdentifier">The object.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found, Wrong Key Lifecycle State).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<ActivateResponsePayload> ActivateAsync(string uniqueIdentifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        return ExecuteAsync<ActivateResponsePayload>(new ActivateRequestPayload { UniqueIdentifier = uniqueIdentifier }, cancellationToken);
    }

    /// <summary>Revokes an object: Deactivated, or Compromised for a compromise reason (Revoke).</summary>
    /// <param name="uniqueIdentifier">The object.</param>
    /// <param name="reason">Why it is revoked.</param>
    /// <param name="message">A Revocation Message, or null.</param>
    /// <param name="compromiseOccurrenceDate">When the compromise happened (needed for a compromise reason), or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found, Wrong Key Lifecycle State).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<RevokeResponsePayload> RevokeAsync(
        string uniqueIdentifier, RevocationReasonCode reason, string? message = null, DateTimeOffset? compromiseOccurrenceDate = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        return ExecuteAsync<RevokeResponsePayload>(
            new RevokeRequestPayload
            {
                UniqueIdentifier = uniqueIdentifier,
                RevocationReason = new RevocationReason { RevocationReasonCode = reason, RevocationMessage = message },
                CompromiseOccurrenceDate = compromiseOccurrenceDate,
            },
            cancellationToken);
    }

    /// <summary>Destroys an object's key material; its metadata stays (Destroy).</summary>
    /// <param name="uniqueIdentifier">The object.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found, Wrong Key Lifecycle State for an Active key).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<DestroyResponsePayload> DestroyAsync(string uniqueIdentifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        return ExecuteAsync<DestroyResponsePayload>(new DestroyRequestPayload { UniqueIdentifier = uniqueIdentifier }, cancellationToken);
    }

    /// <summary>Moves an object to archival storage (Archive).</summary>
    /// <param name="uniqueIdentifier">The object.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<ArchiveResponsePayload> ArchiveAsync(string uniqueIdentifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        return ExecuteAsync<ArchiveResponsePayload>(new ArchiveRequestPayload { UniqueIdentifier = uniqueIdentifier }, cancellationToken);
    }

    /// <summary>Brings an archived object back to online storage (Recover).</summary>
    /// <param name="uniqueIdentifier">The object.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<RecoverResponsePayload> RecoverAsync(string uniqueIdentifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        return ExecuteAsync<RecoverResponsePayload>(new RecoverRequestPayload { UniqueIdentifier = uniqueIdentifier }, cancellationToken);
    }

    /// <summary>Asks whether an object could be used as described, without using it (Check).</summary>
    /// <param name="uniqueIdentifier">The object.</param>
    /// <param name="usageMask">The intended use, or null.</param>
    /// <param name="usageLimitsCount">The intended number of uses, or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response (it echoes what was checked).</returns>
    /// <exception cref="KmipOperationException">The check failed (e.g. Incompatible Cryptographic Usage Mask) or the object is unknown.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<CheckResponsePayload> CheckAsync(
        string uniqueIdentifier, CryptographicUsageMask? usageMask = null, long? usageLimitsCount = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        return ExecuteAsync<CheckResponsePayload>(
            new CheckRequestPayload { UniqueIdentifier = uniqueIdentifier, CryptographicUsageMask = usageMask, UsageLimitsCount = usageLimitsCount },
            cancellationToken);
    }

    /// <summary>Asks for a lease on an object the client may use (Obtain Lease): how long it may cache and use it before asking again.</summary>
    /// <param name="uniqueIdentifier">The object.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response: Lease Time in seconds (zero: no limit) and the object's Last Change Date, to tell whether cached attributes are stale.</returns>
    /// <exception cref="KmipOperationException">The server refused (Permission Denied for an object that cannot be used now: Pre-Active, Destroyed, suspended).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<ObtainLeaseResponsePayload> ObtainLeaseAsync(string uniqueIdentifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        return ExecuteAsync<ObtainLeaseResponsePayload>(new ObtainLeaseRequestPayload { UniqueIdentifier = uniqueIdentifier }, cancellationToken);
    }

    /// <summary>Reserves part of a key's Usage Limits for uses the client will make itself (Get Usage Allocation).</summary>
    /// <param name="uniqueIdentifier">The key; it must have Usage Limits.</param>
    /// <param name="count">How many units (bytes, objects, as the key's Usage Limits Unit says) to take.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    /// <exception cref="KmipOperationException">The server refused (Usage Limit Exceeded when fewer units remain than asked; Attribute Not Found or Illegal Operation when the key has no Usage Limits; Wrong Key Lifecycle State when it is not Active).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed. The allocation may or may not have been made.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<GetUsageAllocationResponsePayload> GetUsageAllocationAsync(string uniqueIdentifier, long count, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return ExecuteAsync<GetUsageAllocationResponsePayload>(new GetUsageAllocationRequestPayload { UniqueIdentifier = uniqueIdentifier, UsageLimitsCount = count }, cancellationToken);
    }
}
