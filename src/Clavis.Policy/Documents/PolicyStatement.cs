using System.Collections.Immutable;
using Clavis.Policy.Actions;
using Clavis.Policy.Conditions;

namespace Clavis.Policy.Documents;

/// <summary>
/// One rule of a policy document: <see cref="Effect"/> for <see cref="Subjects"/> doing <see cref="Operations"/>
/// on <see cref="Resources"/> while all <see cref="Conditions"/> hold. Decisions cite it as
/// <c>document@version#id</c>. docs/policy.md describes every field.
/// </summary>
public sealed class PolicyStatement
{
    internal PolicyStatement(
        string id, PolicyEffect effect, ImmutableArray<SubjectSelector> subjects, ImmutableArray<string> actions, bool excludesActions,
        OperationSet operations, ImmutableArray<ResourceSelector> resources, ImmutableArray<PolicyCondition> conditions)
    {
        Id = id;
        Effect = effect;
        Subjects = subjects;
        Actions = actions;
        ExcludesActions = excludesActions;
        Operations = operations;
        Resources = resources;
        Conditions = conditions;
    }

    /// <summary>The statement's identifier, unique within its document.</summary>
    public string Id { get; }

    /// <summary>Whether the statement allows or denies.</summary>
    public PolicyEffect Effect { get; }

    /// <summary>Who the statement is about; it applies when any entry matches.</summary>
    public ImmutableArray<SubjectSelector> Subjects { get; }

    /// <summary>The action names as written (canonical spelling): of <c>actions</c>, or of <c>notActions</c> when <see cref="ExcludesActions"/>.</summary>
    public ImmutableArray<string> Actions { get; }

    /// <summary>Whether the statement was written with <c>notActions</c>: it covers every operation except <see cref="Actions"/>.</summary>
    public bool ExcludesActions { get; }

    /// <summary>The operations the statement covers, groups expanded and <c>notActions</c> complemented.</summary>
    public OperationSet Operations { get; }

    /// <summary>Which objects the statement is about; it applies when any entry matches. Empty when the document has no <c>resources</c>: every object, and requests that name none.</summary>
    public ImmutableArray<ResourceSelector> Resources { get; }

    /// <summary>What must all hold for the statement to apply, in evaluation order.</summary>
    public ImmutableArray<PolicyCondition> Conditions { get; }
}
