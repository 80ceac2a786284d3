using System.Buffers;
using System.Buffers.Binary;
using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Framing;

/// <summary>
/// Splits a byte stream into KMIP messages. Over TLS, KMIP messages follow one another with no
/// delimiter: each is one TTLV Structure whose 8-byte header says how long it is (KMIP 1.4 §10 / 2.1 §12).
/// The declared length is checked against the size limit before any of the body is awaited,
/// so a peer cannot make the server buffer a 2 GiB message.
/// </summary>
public static class TtlvFrame
{
    /// <summary>Bytes in a TTLV item header.</summary>
    public const int HeaderSize = 8;

    /// <summary>
    /// Takes one whole message off the front of <paramref name="buffer"/> when it has arrived.
    /// </summary>
    /// <param name="buffer">Received bytes; on success, advanced past the message.</param>
    /// <param name="maxMessageSize">Largest message accepted, header included.</param>
    /// <param name="message">The message's bytes (a slice of <paramref name="buffer"/>, not copied).</param>
    /// <returns>False when more bytes are needed.</returns>
    /// <exception cref="TtlvFormatException">The header is not a Structure's, or declares more than <paramref name="maxMessageSize"/>.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxMessageSize, out ReadOnlySequence<byte> message)
    {
        message = default;
        if (buffer.Length < HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        long total = CheckHeader(header, maxMessageSize);
        if (buffer.Length < total)
        {
            return false;
        }

        message = buffer.Slice(0, total);
        buffer = buffer.Slice(total);
        return true;
    }

    /// <summary>Checks a message header and returns the whole message's length, header included.</summary>
    /// <exception cref="TtlvFormatException">Not a Structure header of an acceptable size.</exception>
    public static int CheckHeader(ReadOnlySpan<byte> header, int maxMessageSize)
    {
        if (header.Length < HeaderSize)
        {
            throw new TtlvFormatException("truncated message header", 0);
        }

        // KMIP 1.4 §9.1.3.1: a message is a Request Message or Response Message Structure.
        if (header[0] != 0x42 && header[0] != 0x54)
        {
            throw new TtlvFormatException($"tag 0x{header[0]:X2}{header[1]:X2}{header[2]:X2} is not a KMIP tag", 0);
        }

        if ((TtlvType)header[3] != TtlvType.Structure)
        {
            throw new TtlvFormatException($"a message must be a Structure, not item type 0x{header[3]:X2}", 3);
        }

        uint declared = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        if (declared % 8 != 0)
        {
            throw new TtlvFormatException($"Structure length {declared} is not a multiple of 8", 4);
        }

        if (declared > (uint)Math.Max(0, maxMessageSize - HeaderSize))
        {
            throw new TtlvFormatException($"declared message length {declared} exceeds the maximum message size of {maxMessageSize}", 4);
        }

        return HeaderSize + (int)declared;
    }

    /// <summary>
    /// Reads one whole message from <paramref name="stream"/> into a new array.
    /// </summary>
    /// <returns>The message, or null when the stream ended cleanly before a new message began.</returns>
    /// <exception cref="TtlvFormatException">Bad header, oversize message, or the stream ended inside a message.</exception>
    public static async ValueTask<byte[]?> ReadMessageAsync(Stream stream, int maxMessageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] header = new byte[HeaderSize];
        int got = await stream.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got == 0)
        {
            return null;
        }

        if (got < HeaderSize)
        {
            throw new TtlvFormatException("stream ended inside a message header", got);
        }

        int total = CheckHeader(header, maxMessageSize);
        byte[] message = new byte[total];
        header.CopyTo(message, 0);
        got = await stream.ReadAtLeastAsync(message.AsMemory(HeaderSize), total - HeaderSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got < total - HeaderSize)
        {
            throw new TtlvFormatException($"stream ended after {HeaderSize + got} of {total} message bytes", HeaderSize + got);
        }

        return message;
    }
}
