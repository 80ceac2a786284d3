namespace Clavis.Kmip.Encodings;

/// <summary>
/// The one exception the KMIP XML and JSON encodings throw for input they refuse: text that is not
/// well-formed XML or JSON, unknown tag or type names, values that do not fit their type, names that no
/// enumeration defines, values that cannot become TTLV (placeholders such as <c>$NOW</c>). It says where:
/// <see cref="LineNumber"/> and <see cref="LinePosition"/> for XML, <see cref="JsonPath"/> for JSON.
/// </summary>
public sealed class KmipEncodingException : FormatException
{
    /// <summary>Creates the exception for a fault in XML input.</summary>
    /// <param name="reason">What is wrong, for a person.</param>
    /// <param name="lineNumber">The 1-based line of the fault, or 0 when unknown.</param>
    /// <param name="linePosition">The 1-based column of the fault, or 0 when unknown.</param>
    public KmipEncodingException(string reason, int lineNumber, int linePosition)
        : base(lineNumber > 0 ? $"{reason} (line {lineNumber}, position {linePosition})" : reason)
    {
        Reason = reason;
        LineNumber = lineNumber;
        LinePosition = linePosition;
    }

    /// <summary>Creates the exception for a fault in JSON input.</summary>
    /// <param name="reason">What is wrong, for a person.</param>
    /// <param name="jsonPath">Where: a JSONPath such as <c>$[1].value[0].value</c>.</param>
    /// <param name="lineNumber">The 1-based line of the fault when the JSON parser knows it, else 0.</param>
    /// <param name="linePosition">The 1-based byte position in that line, or 0.</param>
    public KmipEncodingException(string reason, string jsonPath, int lineNumber = 0, int linePosition = 0)
        : base(lineNumber > 0 ? $"{reason} (at {jsonPath}, line {lineNumber}, position {linePosition})" : $"{reason} (at {jsonPath})")
    {
        Reason = reason;
        JsonPath = jsonPath;
        LineNumber = lineNumber;
        LinePosition = linePosition;
    }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }

    /// <summary>The 1-based line of the fault, or 0 when unknown.</summary>
    public int LineNumber { get; }

    /// <summary>The 1-based position in the line, or 0 when unknown.</summary>
    public int LinePosition { get; }

    /// <summary>For JSON input, the JSONPath of the faulty item or value; null for XML.</summary>
    public string? JsonPath { get; }
}
