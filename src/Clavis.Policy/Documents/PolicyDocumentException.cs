namespace Clavis.Policy.Documents;

/// <summary>
/// A policy document is not valid. The message names where (a JSON path such as
/// <c>statements[2].conditions.timeWindow.start</c>) and what is wrong, so an operator can fix the document
/// without reading code; <see cref="JsonPath"/> and <see cref="Problem"/> hold the two parts.
/// </summary>
public sealed class PolicyDocumentException : FormatException
{
    /// <summary>Creates the exception for a problem at a place in the document.</summary>
    /// <param name="jsonPath">Where the problem is: <c>$</c> for the whole document, else a path like <c>statements[0].effect</c>.</param>
    /// <param name="problem">What is wrong, in a sentence without a trailing period.</param>
    public PolicyDocumentException(string jsonPath, string problem)
        : base($"{jsonPath}: {problem}")
    {
        JsonPath = jsonPath;
        Problem = problem;
    }

    /// <summary>Creates the exception for a problem at a place in the document, with its cause.</summary>
    /// <param name="jsonPath">Where the problem is.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="innerException">The cause, such as the JSON reader's exception.</param>
    public PolicyDocumentException(string jsonPath, string problem, Exception innerException)
        : base($"{jsonPath}: {problem}", innerException)
    {
        JsonPath = jsonPath;
        Problem = problem;
    }

    /// <summary>Creates the exception with a message only (the path is then <c>$</c>).</summary>
    public PolicyDocumentException()
        : this("$", "the policy document is not valid")
    {
    }

    /// <summary>Creates the exception with a message only (the path is then <c>$</c>).</summary>
    /// <param name="message">What is wrong.</param>
    public PolicyDocumentException(string message)
        : this("$", message)
    {
    }

    /// <summary>Creates the exception with a message and a cause (the path is then <c>$</c>).</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public PolicyDocumentException(string message, Exception innerException)
        : this("$", message, innerException)
    {
    }

    /// <summary>Where the problem is: <c>$</c> for the whole document, else a path like <c>statements[2].conditions.timeWindow.start</c>.</summary>
    public string JsonPath { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}
