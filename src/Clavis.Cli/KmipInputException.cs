namespace Clavis.Cli;

/// <summary>Input that <c>clavis kmip</c> cannot read; the message says what and where, for the operator.</summary>
/// <param name="message">What is wrong and where.</param>
public sealed class KmipInputException(string message) : Exception(message);
