using System.Collections.Immutable;
using Clavis.Kmip;
using Clavis.Policy.Requests;

namespace Clavis.Policy.Conditions;

/// <summary><c>credentialTypes</c>: the client presented, and the server verified, a credential of every listed type.</summary>
public sealed class CredentialTypesCondition : PolicyCondition
{
    private readonly uint _requiredMask;

    internal CredentialTypesCondition(ImmutableArray<CredentialType> required)
    {
        Required = required;
        _requiredMask = CredentialMask.Of(required);
    }

    /// <summary>The credential types that must all have been verified.</summary>
    public ImmutableArray<CredentialType> Required { get; }

    /// <inheritdoc />
    public override string Name => "credentialTypes";

    internal override ConditionOrder Order => ConditionOrder.CredentialTypes;

    internal override bool Holds(in ConditionInput input, out long observed)
    {
        observed = 0;
        return (input.Request.Principal.VerifiedCredentialMask & _requiredMask) == _requiredMask;
    }

    internal override string DescribeFailure(in ConditionInput input, long observed)
    {
        var verified = input.Request.Principal.VerifiedCredentials;
        var missing = Required.Where(type => !verified.Contains(type));
        return $"credentialTypes: {string.Join(", ", missing)} not presented and verified";
    }
}
