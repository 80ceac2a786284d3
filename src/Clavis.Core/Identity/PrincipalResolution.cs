using Clavis.Kmip;

namespace Clavis.Core.Identity;

/// <summary>
/// The outcome of resolving a request message's principal: the identity, or why a credential was not accepted. A
/// refused message is answered with Authentication Not Successful for every batch item.
/// </summary>
public readonly record struct PrincipalResolution
{
    /// <summary>The resolved principal, or null when a credential was not accepted.</summary>
    public ClientIdentity? Identity { get; private init; }

    /// <summary>The type of the credential that was not accepted.</summary>
    public CredentialType? FailedCredential { get; private init; }

    /// <summary>
    /// What the client is told: which credential failed, never whether the user or device exists (e.g. "username/password
    /// not accepted").
    /// </summary>
    public string? Failure { get; private init; }

    /// <summary>
    /// What the log and the audit record say: <see cref="Failure"/> with the username or device and the reason (unknown,
    /// disabled, wrong password, an identifier that differs). Never a password.
    /// </summary>
    public string? FailureDetail { get; private init; }

    /// <summary>True when the principal was resolved.</summary>
    public bool IsAuthenticated => Identity is not null;

    /// <summary>A resolved principal.</summary>
    public static PrincipalResolution Authenticated(ClientIdentity identity) =>
        new() { Identity = identity ?? throw new ArgumentNullException(nameof(identity)) };

    /// <summary>A credential that was not accepted.</summary>
    public static PrincipalResolution Refused(CredentialType credential, string failure, string detail) =>
        new() { FailedCredential = credential, Failure = failure, FailureDetail = detail };
}
