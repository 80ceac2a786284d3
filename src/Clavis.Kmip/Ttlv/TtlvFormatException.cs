namespace Clavis.Kmip.Ttlv;

/// <summary>
/// The one exception the TTLV codec throws for input it refuses: wrong lengths, bad padding,
/// unknown item types, lengths past the buffer, nesting or size past the configured limits,
/// invalid UTF-8, out-of-range dates. <see cref="Offset"/> names the byte where the fault lies.
/// </summary>
public sealed class TtlvFormatException : FormatException
{
    /// <summary>Creates the exception for a fault at <paramref name="offset"/>.</summary>
    /// <param name="message">What is wrong, for a person.</param>
    /// <param name="offset">The byte offset, from the start of the input, of the faulty item or field.</param>
    public TtlvFormatException(string message, int offset)
        : base($"{message} (at byte {offset})")
    {
        Offset = offset;
        Reason = message;
    }

    /// <summary>The byte offset, from the start of the input, where the fault lies.</summary>
    public int Offset { get; }

    /// <summary>What is wrong, without the offset.</summary>
    public string Reason { get; }
}
