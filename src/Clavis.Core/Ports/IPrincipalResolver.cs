using System.Net;
using Clavis.Core.Identity;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Ports;

/// <summary>
/// Turns what authentication established (the client certificate's identity, the credentials a request message
/// carries, the client's address) into the principal that policy sees and audit records (DESIGN.md "Identity";
/// docs/identity.md). The certificate stays the primary identity: credentials, the registry and mapping rules add to it.
/// </summary>
public interface IPrincipalResolver
{
    /// <summary>
    /// Moves whenever anything a resolution reads changes (the registry snapshot). A resolution of a message without
    /// credentials depends only on the certificate, the address and this revision, so a session may reuse it while the
    /// revision stays the same.
    /// </summary>
    long Revision { get; }

    /// <summary>
    /// Resolves the principal of one request message. Completes synchronously, without I/O, when no credential needs a
    /// password hash computed (no credentials, or a verification already cached).
    /// </summary>
    /// <param name="certificate">The identity the client certificate gives (CertificateIdentity in the server).</param>
    /// <param name="credentials">The message's Authentication credentials in order (empty when it has none).</param>
    /// <param name="sourceAddress">The client's address, or null when unknown.</param>
    /// <param name="cancellationToken">Cancels a wait for a password hash.</param>
    /// <returns>The principal, or the credential that was not accepted.</returns>
    ValueTask<PrincipalResolution> ResolveAsync(ClientIdentity certificate, IReadOnlyList<Credential> credentials, IPAddress? sourceAddress, CancellationToken cancellationToken);
}
