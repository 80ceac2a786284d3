using System.Collections.Concurrent;
using System.Security.Cryptography;
using Clavis.Core.Operations;
using Clavis.Kmip;

namespace Clavis.Core.Crypto;

/// <summary>
/// The open streams of Encrypt, Decrypt, MAC, MAC Verify and Hash (KMIP 2.1 §6.1.16/§6.1.18 Init Indicator,
/// Final Indicator, Correlation Value), in memory: bounded in number overall and per client, dropped after
/// an idle time, tied to the client that opened them, and zeroed whenever they end. A part takes its stream
/// out of the registry while it runs, so two parts of one stream never run at once. Streams do not survive
/// a restart; a client then gets Invalid Correlation Value and starts again.
/// </summary>
public sealed class CryptoStreamRegistry
{
    private const int CorrelationBytes = 16;

    private readonly ConcurrentDictionary<string, CryptoStream> _streams = new(StringComparer.Ordinal);
    private readonly CryptoStreamOptions _options;
    private long _nextSweepTicks;

    /// <summary>Creates an empty registry with the given bounds.</summary>
    public CryptoStreamRegistry(CryptoStreamOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>The bounds.</summary>
    public CryptoStreamOptions Options => _options;

    /// <summary>How many streams are open (tests and metrics).</summary>
    public int Count => _streams.Count;

    /// <summary>Registers a new stream and returns its Correlation Value.</summary>
    /// <exception cref="KmipException">Server Limit Exceeded when the client or the server has too many open streams.</exception>
    internal byte[] Start(OperationContext context, Operation operation, string? objectId, IDisposable state)
    {
        DateTimeOffset now = context.Now;
        Sweep(now, force: _streams.Count >= _options.MaxStreams);
        string owner = context.Identity.CertificateFingerprint;
        int mine = _streams.Values.Count(stream => stream.Owner == owner);
        if (_streams.Count >= _options.MaxStreams || mine >= _options.MaxStreamsPerClient)
        {
            throw new KmipException(
                FailureMapping.ForVersion(ResultReason.ServerLimitExceeded, context.Version),
                $"too many open {operation} streams (this client {mine} of {_options.MaxStreamsPerClient}, the server {_streams.Count} of {_options.MaxStreams}); finish some, or they are dropped after {_options.IdleTimeout.TotalMinutes:0} idle minutes");
        }

        byte[] correlation = RandomNumberGenerator.GetBytes(CorrelationBytes);
        string key = Convert.ToHexString(correlation);
        _streams[key] = new CryptoStream(key, owner, operation, objectId, state, now);
        return correlation;
    }

    /// <summary>
    /// Takes the stream a Correlation Value names out of the registry for one part; the caller returns it with
    /// <see cref="Return"/> or disposes it when the stream ends or fails.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="operation">The operation the stream was opened for.</param>
    /// <param name="correlation">The Correlation Value of the request.</param>
    /// <param name="namedObject">The Unique Identifier the part names, if any: it must be the stream's object.</param>
    /// <exception cref="KmipException">
    /// Invalid Correlation Value (Invalid Field for 1.x) when no such stream is open for this client and operation;
    /// Invalid Field when the part names another object (the stream ends).
    /// </exception>
    internal CryptoStream Take(OperationContext context, Operation operation, byte[] correlation, string? namedObject = null)
    {
        DateTimeOffset now = context.Now;
        Sweep(now, force: false);
        string key = Convert.ToHexString(correlation);

        // Another client's stream or another operation's is answered exactly like an unknown one, so the
        // answer says nothing about streams the client does not own.
        if (!_streams.TryGetValue(key, out CryptoStream? stream)
            || stream.Owner != context.Identity.CertificateFingerprint
            || stream.Operation != operation
            || !_streams.TryRemove(new KeyValuePair<string, CryptoStream>(key, stream)))
        {
            throw new KmipException(
                FailureMapping.ForVersion(ResultReason.InvalidCorrelationValue, context.Version),
                $"no open {operation} stream has this Correlation Value: it finished, failed, expired after {_options.IdleTimeout.TotalMinutes:0} idle minutes, or is being used by another request");
        }

        if (now - stream.LastUsed > _options.IdleTimeout)
        {
            stream.Dispose();
            throw new KmipException(
                FailureMapping.ForVersion(ResultReason.InvalidCorrelationValue, context.Version),
                $"the {operation} stream expired after {_options.IdleTimeout.TotalMinutes:0} idle minutes; start again");
        }

        if (namedObject is not null && namedObject != stream.ObjectId)
        {
            stream.Dispose();
            throw CryptoFailure.InvalidField($"the stream uses object {stream.ObjectId}, but this part names {namedObject}", context.Version);
        }

        return stream;
    }

    /// <summary>Puts a stream back after a part that did not end it.</summary>
    internal void Return(CryptoStream stream, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.LastUsed = now;
        _streams[stream.Correlation] = stream;
    }

    /// <summary>Drops and zeroes every stream idle longer than the timeout; runs at most every few seconds unless forced.</summary>
    internal void Sweep(DateTimeOffset now, bool force)
    {
        long ticks = now.UtcTicks;
        long next = Interlocked.Read(ref _nextSweepTicks);
        if (!force && ticks < next)
        {
            return;
        }

        Interlocked.Exchange(ref _nextSweepTicks, ticks + TimeSpan.FromSeconds(10).Ticks);
        foreach (KeyValuePair<string, CryptoStream> entry in _streams)
        {
            if (now - entry.Value.LastUsed > _options.IdleTimeout && _streams.TryRemove(entry))
            {
                entry.Value.Dispose();
            }
        }
    }
}
