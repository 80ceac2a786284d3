namespace Clavis.Cli;

/// <summary>The message encodings <c>clavis kmip convert</c> reads and writes.</summary>
public enum KmipMessageFormat
{
    /// <summary>TTLV: hex text (one message per line), or raw bytes with <c>--binary</c>.</summary>
    Ttlv,
    /// <summary>The KMIP JSON encoding: one item object, or an array of them.</summary>
    Json,
    /// <summary>The KMIP XML encoding: one message element, or several (optionally inside &lt;KMIP&gt;).</summary>
    Xml,
}
