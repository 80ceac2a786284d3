using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Clavis.Core.Audit;
using Clavis.Core.Identity;
using Clavis.Core.Operations;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using Clavis.Server.Listener;
using Microsoft.Extensions.Logging;

namespace Clavis.Server.Dispatch;

/// <summary>
/// Bytes in, bytes out: decodes a request message, has the batch executor answer it, and encodes the
/// response in the request's protocol version within its Maximum Response Size. A message that cannot
/// be decoded is answered with Invalid Message (or the reason the decoder names), never a dropped connection.
/// </summary>
public sealed partial class KmipDispatcher : IKmipMessageProcessor
{
    private readonly BatchExecutor _executor;
    private readonly IPrincipalResolver _principals;
    private readonly TtlvReaderOptions _readerOptions;
    private readonly IReadOnlyList<X509Certificate2> _authorities;
    private readonly Core.Ports.IClock _clock;
    private readonly ILogger _logger;
    private readonly ConditionalWeakTable<KmipSession, SessionPrincipal> _sessions = [];

    /// <summary>Creates the dispatcher; each request message's principal comes from <paramref name="principals"/>.</summary>
    public KmipDispatcher(BatchExecutor executor, IPrincipalResolver principals, KmipDispatcherOptions options, Core.Ports.IClock clock, ILogger<KmipDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _executor = executor ?? throw new ArgumentNullException(nameof(executor));
        _principals = principals ?? throw new ArgumentNullException(nameof(principals));
        _readerOptions = options.ReaderOptions ?? throw new ArgumentException("ReaderOptions is required", nameof(options));
        _authorities = options.ClientCertificateAuthorities;
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <inheritdoc/>
    public async ValueTask ProcessAsync(ReadOnlyMemory<byte> request, IBufferWriter<byte> response, KmipSession session, Action executed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(session);
        SessionPrincipal principal = _sessions.GetValue(session, s => new SessionPrincipal(
            CertificateIdentity.From(s.ClientCertificate, _authorities), (s.RemoteEndPoint as IPEndPoint)?.Address));
        ClientIdentity identity = principal.Certificate;
        RequestMessage message;
        try
        {
            message = RequestMessage.Decode(request.Span, _readerOptions);
        }
        catch (KmipMessageFormatException ex)
        {
            LogRefused(_logger, session.Id, ex.ResultReason, ex.Message);
            await RefuseAsync(request, response, session, identity, ex.Operation, ex.ResultReason, ex.Message, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (TtlvFormatException ex)
        {
            LogRefused(_logger, session.Id, ResultReason.InvalidMessage, ex.Message);
            await RefuseAsync(request, response, session, identity, null, ResultReason.InvalidMessage, $"malformed TTLV: {ex.Message}", cancellationToken).ConfigureAwait(false);
            return;
        }

        ResponseMessage answer;
        PrincipalResolution resolution = await ResolveAsync(principal, message, cancellationToken).ConfigureAwait(false);
        if (resolution.Identity is ClientIdentity resolved)
        {
            var context = new RequestContext(resolved, message.Header.ProtocolVersion, _clock.UtcNow, session.Id, session.RemoteAddress);
            answer = await _executor.ExecuteAsync(message, context, executed, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Every item is refused and audited under the certificate's identity; the client learns which credential
            // failed, the log and the audit record also for which name and why (never the password).
            LogAuthenticationRefused(_logger, session.Id, identity.CertificateFingerprint, resolution.FailureDetail!);
            var context = new RequestContext(identity, message.Header.ProtocolVersion, _clock.UtcNow, session.Id, session.RemoteAddress);
            answer = await _executor.RefuseAsync(message, context, ResultReason.AuthenticationNotSuccessful, resolution.Failure!, resolution.FailureDetail!, cancellationToken).ConfigureAwait(false);
        }

        Encode(answer, message.Header.MaximumResponseSize, response);
    }

    // A message without credentials resolves the same way until the registry changes, so the session keeps that answer:
    // the common case reads two fields and allocates nothing.
    private async ValueTask<PrincipalResolution> ResolveAsync(SessionPrincipal principal, RequestMessage message, CancellationToken cancellationToken)
    {
        IReadOnlyList<Credential> credentials = message.Header.Authentication?.Credentials ?? [];
        long revision = _principals.Revision;
        if (credentials.Count == 0 && principal.CertificateOnly is { } cached && cached.Revision == revision)
        {
            return PrincipalResolution.Authenticated(cached.Identity);
        }

        PrincipalResolution resolution = await _principals.ResolveAsync(principal.Certificate, credentials, principal.Address, cancellationToken).ConfigureAwait(false);
        if (credentials.Count == 0 && resolution.Identity is ClientIdentity identity)
        {
            // Tagged with the revision read before resolving: if the registry moved meanwhile, the next message resolves again.
            principal.CertificateOnly = new CachedPrincipal(revision, identity);
        }

        return resolution;
    }

    // A message that does not decode is refused, and the refusal recorded like any request; if it cannot be
    // recorded, the client learns that instead.
    private async Task RefuseAsync(ReadOnlyMemory<byte> request, IBufferWriter<byte> response, KmipSession session, ClientIdentity identity,
        Operation? operation, ResultReason reason, string message, CancellationToken cancellationToken)
    {
        ProtocolVersion version = PeekVersion(request.Span);
        try
        {
            var context = new RequestContext(identity, version, _clock.UtcNow, session.Id, session.RemoteAddress);
            await _executor.RecordUndecodableAsync(context, operation, reason, message, cancellationToken).ConfigureAwait(false);
        }
        catch (AuditJournalException ex)
        {
            OperationOutcome failed = FailureMapping.ToOutcome(ex, operation ?? Operation.DiscoverVersions, _logger);
            (reason, message) = (ResultReason.GeneralFailure, failed.Message!);
        }

        WriteError(response, version, operation, reason, message);
    }

    /// <inheritdoc/>
    public void WriteFramingError(TtlvFormatException error, IBufferWriter<byte> response, KmipSession session)
    {
        ArgumentNullException.ThrowIfNull(error);
        WriteError(response, ProtocolVersion.V1_0, null, ResultReason.InvalidMessage, $"message refused: {error.Message}");
    }

    private void Encode(ResponseMessage answer, int? maximumResponseSize, IBufferWriter<byte> response)
    {
        using var writer = new TtlvWriter(1024);
        try
        {
            answer.Encode(writer);
        }
        catch (Exception ex) when (ex is Kmip.Versioning.KmipVersionException or KmipException)
        {
            // A result the client's version cannot express: say so rather than send what it cannot read.
            writer.Reset();
            foreach (ResponseBatchItem item in answer.BatchItems)
            {
                Fail(item, ResultReason.GeneralFailure, $"the result cannot be expressed in KMIP {answer.Header.ProtocolVersion}: {ex.Message}");
            }

            answer.Encode(writer);
        }

        if (maximumResponseSize is int limit && writer.WrittenCount > limit)
        {
            // KMIP 1.4 §9.1.x Maximum Response Size: the response would be too large, so every item reports Response Too Large.
            writer.Reset();
            foreach (ResponseBatchItem item in answer.BatchItems)
            {
                Fail(item, ResultReason.ResponseTooLarge, $"the response exceeds the Maximum Response Size of {limit} bytes");
            }

            answer.Encode(writer);
        }

        response.Write(writer.WrittenSpan);
    }

    private void WriteError(IBufferWriter<byte> response, ProtocolVersion version, Operation? operation, ResultReason reason, string message)
    {
        var answer = new ResponseMessage(new ResponseHeader { ProtocolVersion = version, TimeStamp = _clock.UtcNow });
        answer.BatchItems.Add(new ResponseBatchItem
        {
            Operation = operation,
            ResultStatus = ResultStatus.OperationFailed,
            ResultReason = reason,
            ResultMessage = message,
        });
        Encode(answer, null, response);
    }

    private static void Fail(ResponseBatchItem item, ResultReason reason, string message)
    {
        item.ResultStatus = ResultStatus.OperationFailed;
        item.ResultReason = reason;
        item.ResultMessage = message;
        item.Payload = null;
        item.AsynchronousCorrelationValue = null;
    }

    // The version of a message that failed to decode, read leniently so the error is in terms the client reads.
    private static ProtocolVersion PeekVersion(ReadOnlySpan<byte> request)
    {
        try
        {
            var reader = new TtlvReader(request);
            int major = -1;
            while (reader.Read() && reader.Depth <= 3)
            {
                if (reader.TokenType != TtlvTokenType.Value)
                {
                    continue;
                }

                if (reader.Tag == Tag.ProtocolVersionMajor && reader.Type == TtlvType.Integer)
                {
                    major = reader.GetInteger();
                }
                else if (reader.Tag == Tag.ProtocolVersionMinor && reader.Type == TtlvType.Integer && major >= 0)
                {
                    var version = new ProtocolVersion(major, reader.GetInteger());
                    return ProtocolVersion.All.Contains(version) ? version : ProtocolVersion.V1_0;
                }
            }
        }
        catch (TtlvFormatException)
        {
            // Fall through to the version every client reads.
        }

        return ProtocolVersion.V1_0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "session {Session}: message refused ({Reason}): {Detail}")]
    private static partial void LogRefused(ILogger logger, long session, ResultReason reason, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "session {Session}: authentication not successful for certificate {Fingerprint}: {Detail}")]
    private static partial void LogAuthenticationRefused(ILogger logger, long session, string fingerprint, string detail);

    // What a session knows about its client: the certificate's identity (built once) and the last certificate-only resolution.
    private sealed class SessionPrincipal(ClientIdentity certificate, IPAddress? address)
    {
        private CachedPrincipal? _certificateOnly;

        public ClientIdentity Certificate { get; } = certificate;

        public IPAddress? Address { get; } = address;

        // Messages of one session may be processed concurrently (pipelining): the pair is swapped whole.
        public CachedPrincipal? CertificateOnly
        {
            get => Volatile.Read(ref _certificateOnly);
            set => Volatile.Write(ref _certificateOnly, value);
        }
    }

    private sealed record CachedPrincipal(long Revision, ClientIdentity Identity);
}
