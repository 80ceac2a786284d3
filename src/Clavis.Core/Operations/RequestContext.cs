using Clavis.Core.Identity;
using Clavis.Kmip;

namespace Clavis.Core.Operations;

/// <summary>What every batch item of one request message shares: who asked, in which protocol version, when, from where.</summary>
/// <param name="Identity">The authenticated client.</param>
/// <param name="ProtocolVersion">The request's protocol version; the response uses it too.</param>
/// <param name="ReceivedAt">When the message arrived.</param>
/// <param name="SessionId">The session (connection) it came on.</param>
/// <param name="RemoteAddress">The client's address, for audit.</param>
public sealed record RequestContext(
    ClientIdentity Identity,
    ProtocolVersion ProtocolVersion,
    DateTimeOffset ReceivedAt,
    long SessionId,
    string? RemoteAddress);
