using Clavis.Kmip;

namespace Clavis.Core.Crypto;

/// <summary>Which part of a streamed operation a request is (KMIP 1.3+ Init Indicator, Final Indicator, Correlation Value).</summary>
internal enum StreamPart
{
    /// <summary>Not streamed, or Init and Final in one request: the whole operation.</summary>
    Whole,

    /// <summary>Init Indicator: opens a stream and returns its Correlation Value.</summary>
    First,

    /// <summary>A Correlation Value without Final Indicator: a middle part.</summary>
    Middle,

    /// <summary>A Correlation Value with Final Indicator: the last part, which ends the stream.</summary>
    Last,
}

/// <summary>Classifies requests into <see cref="StreamPart"/>.</summary>
internal static class StreamParts
{
    /// <summary>The part a request is.</summary>
    /// <exception cref="KmipException">Invalid Field for an inconsistent combination.</exception>
    public static StreamPart Of(byte[]? correlation, bool? init, bool? final, Operation operation, ProtocolVersion version)
    {
        if (init == true)
        {
            if (correlation is not null)
            {
                throw CryptoFailure.InvalidField($"{operation} has both Init Indicator and a Correlation Value; the Init part opens a stream and gets its Correlation Value", version);
            }

            return final == true ? StreamPart.Whole : StreamPart.First;
        }

        if (correlation is not null)
        {
            return final == true ? StreamPart.Last : StreamPart.Middle;
        }

        if (final == true)
        {
            throw CryptoFailure.InvalidField($"{operation} has Final Indicator but no Correlation Value naming the stream it ends", version);
        }

        return StreamPart.Whole;
    }
}
