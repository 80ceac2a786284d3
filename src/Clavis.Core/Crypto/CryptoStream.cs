using Clavis.Kmip;

namespace Clavis.Core.Crypto;

/// <summary>
/// The server-side state of one streamed operation between its parts: whose it is, which operation and key,
/// and the operation's state (a cipher, a MAC or a hash), which is zeroed when the stream is disposed.
/// </summary>
internal sealed class CryptoStream : IDisposable
{
    /// <summary>Creates a stream's record.</summary>
    public CryptoStream(string correlation, string owner, Operation operation, string? objectId, IDisposable state, DateTimeOffset now)
    {
        Correlation = correlation;
        Owner = owner;
        Operation = operation;
        ObjectId = objectId;
        State = state;
        LastUsed = now;
    }

    /// <summary>The Correlation Value, as hex.</summary>
    public string Correlation { get; }

    /// <summary>The client's certificate fingerprint: only that client may continue the stream.</summary>
    public string Owner { get; }

    /// <summary>The operation the stream belongs to.</summary>
    public Operation Operation { get; }

    /// <summary>The key the stream uses, or null (Hash).</summary>
    public string? ObjectId { get; }

    /// <summary>The operation's state.</summary>
    public IDisposable State { get; }

    /// <summary>When the last part arrived.</summary>
    public DateTimeOffset LastUsed { get; set; }

    /// <summary>Zeroes the operation's state.</summary>
    public void Dispose() => State.Dispose();
}
