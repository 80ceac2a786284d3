using System.Text;
using Clavis.Kmip.Encodings;
using Clavis.Kmip.Json;
using Clavis.Kmip.Ttlv;
using Clavis.Kmip.Xml;

namespace Clavis.Cli;

/// <summary>Reads and writes sequences of KMIP messages in TTLV (hex or binary), JSON and XML, in order.</summary>
public static class KmipMessageConverter
{
    /// <summary>Reads every message in <paramref name="input"/>.</summary>
    /// <param name="input">The raw input bytes (UTF-8 text unless binary TTLV).</param>
    /// <param name="format">The encoding.</param>
    /// <param name="binary">For TTLV, whether the input is raw bytes rather than hex text.</param>
    /// <returns>The messages, in order; at least one.</returns>
    /// <exception cref="KmipInputException">The input is invalid; the message says where.</exception>
    public static IReadOnlyList<TtlvNode> Read(byte[] input, KmipMessageFormat format, bool binary)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            return format switch
            {
                KmipMessageFormat.Ttlv => ReadTtlv(binary ? input : ParseHex(Encoding.UTF8.GetString(input))),
                KmipMessageFormat.Json => KmipJson.ReadMessages(Encoding.UTF8.GetString(input)),
                KmipMessageFormat.Xml => KmipXml.ReadMessages(Encoding.UTF8.GetString(input)),
                _ => throw new ArgumentOutOfRangeException(nameof(format)),
            };
        }
        catch (KmipEncodingException e)
        {
            throw new KmipInputException($"invalid {format.ToString().ToUpperInvariant()}: {e.Message}");
        }
    }

    /// <summary>Writes messages as text: TTLV as lower-case hex, one message per line; JSON and XML as their encodings write several.</summary>
    /// <param name="messages">The messages; at least one.</param>
    /// <param name="format">The encoding.</param>
    /// <returns>The text, ending with a line feed.</returns>
    public static string WriteText(IReadOnlyList<TtlvNode> messages, KmipMessageFormat format)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return format switch
        {
            KmipMessageFormat.Ttlv => string.Concat(messages.Select(m => Convert.ToHexStringLower(m.Encode()) + "\n")),
            KmipMessageFormat.Json => KmipJson.WriteMessages(messages) + "\n",
            KmipMessageFormat.Xml => KmipXml.WriteMessages(messages) + "\n",
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    /// <summary>Writes messages as TTLV bytes, one after another.</summary>
    /// <param name="messages">The messages.</param>
    /// <returns>The concatenated TTLV.</returns>
    public static byte[] WriteBinary(IReadOnlyList<TtlvNode> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return [.. messages.SelectMany(m => m.Encode())];
    }

    /// <summary>Parses hex text; whitespace (including line breaks between messages) is ignored.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="KmipInputException">A character is not a hex digit, or the digits are odd in number.</exception>
    public static byte[] ParseHex(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = new StringBuilder(text.Length);
        int line = 1, column = 0;
        foreach (char c in text)
        {
            column++;
            if (c == '\n')
            {
                line++;
                column = 0;
            }
            else if (char.IsAsciiHexDigit(c))
            {
                digits.Append(c);
            }
            else if (!char.IsWhiteSpace(c))
            {
                throw new KmipInputException($"invalid TTLV hex: '{c}' is not a hex digit (line {line}, column {column})");
            }
        }

        return digits.Length % 2 == 0
            ? Convert.FromHexString(digits.ToString())
            : throw new KmipInputException($"invalid TTLV hex: {digits.Length} hex digits, an odd number");
    }

    /// <summary>Reads TTLV items one after another until the input ends.</summary>
    /// <param name="ttlv">The bytes.</param>
    /// <returns>The items; at least one.</returns>
    /// <exception cref="KmipInputException">The TTLV is malformed; the message gives the message number and byte offset.</exception>
    public static IReadOnlyList<TtlvNode> ReadTtlv(ReadOnlySpan<byte> ttlv)
    {
        var messages = new List<TtlvNode>();
        var reader = new TtlvReader(ttlv);
        try
        {
            while (reader.Read())
            {
                messages.Add(TtlvNode.Read(ref reader));
            }
        }
        catch (TtlvFormatException e)
        {
            throw new KmipInputException($"invalid TTLV in message {messages.Count + 1}: {e.Reason} (at byte {e.Offset} of the input)");
        }

        return messages.Count > 0 ? messages : throw new KmipInputException("invalid TTLV: the input holds no message");
    }
}
