using System.Text;
using Clavis.Policy.Conditions;

namespace Clavis.Policy.Requests;

/// <summary>
/// Names one usage counter: the statement whose <c>usageCount</c> condition it serves, and the object and/or
/// principal it counts for. The statement is named <c>document#statementId</c>, without the document's version, so
/// that publishing a new version of a document keeps its counts (a version bump must not hand out fresh uses);
/// renaming the statement starts new counters.
/// </summary>
/// <param name="Statement">The counting statement, as <c>document#statementId</c>.</param>
/// <param name="Scope">What is counted.</param>
/// <param name="ObjectId">The object's Unique Identifier when the scope includes the object, else null.</param>
/// <param name="PrincipalName">The principal's name when the scope includes the principal, else null.</param>
public readonly record struct UsageCounterKey(string Statement, UsageCountScope Scope, string? ObjectId, string? PrincipalName)
{
    /// <summary>
    /// The key as one string, for a store's counter table:
    /// <c>payments#three-uses|object=ID</c>, <c>…|principal=NAME</c> or <c>…|object=ID|principal=NAME</c>, with
    /// <c>%</c> and <c>|</c> in the object id or name written <c>%25</c> and <c>%7C</c>.
    /// STABLE FORMAT: stored counters are found by this text; changing it resets every count
    /// (UsageCounterKeyTests pins it).
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder(Statement);
        if (ObjectId is not null)
        {
            text.Append("|object=");
            AppendEscaped(text, ObjectId);
        }

        if (PrincipalName is not null)
        {
            text.Append("|principal=");
            AppendEscaped(text, PrincipalName);
        }

        return text.ToString();
    }

    private static void AppendEscaped(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '%' => text.Append("%25"),
                '|' => text.Append("%7C"),
                _ => text.Append(c),
            };
        }
    }
}
