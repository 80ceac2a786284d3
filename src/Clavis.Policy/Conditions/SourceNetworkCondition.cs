using System.Collections.Immutable;
using System.Net;

namespace Clavis.Policy.Conditions;

/// <summary>
/// <c>sourceNetwork</c>: the request came from an address inside one of <see cref="Networks"/> (IPv4 or IPv6
/// CIDR). An IPv4-mapped IPv6 source matches IPv4 ranges (<see cref="Requests.Principal.SourceAddress"/> keeps it
/// as IPv4), and a range written in the mapped form (<c>::ffff:10.0.0.0/104</c>) is kept as its IPv4 range. An
/// unknown source address does not satisfy it.
/// </summary>
public sealed class SourceNetworkCondition : PolicyCondition
{
    internal SourceNetworkCondition(ImmutableArray<IPNetwork> networks) => Networks = networks;

    /// <summary>The networks, at least one.</summary>
    public ImmutableArray<IPNetwork> Networks { get; }

    /// <inheritdoc />
    public override string Name => "sourceNetwork";

    internal override ConditionOrder Order => ConditionOrder.SourceNetwork;

    internal override bool Holds(in ConditionInput input, out long observed)
    {
        observed = 0;
        if (input.Request.Principal.SourceAddress is not { } address)
        {
            return false;
        }

        foreach (var network in Networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    internal override string DescribeFailure(in ConditionInput input, long observed) =>
        input.Request.Principal.SourceAddress is { } address
            ? $"sourceNetwork: {address} is in none of {string.Join(", ", Networks)}"
            : "sourceNetwork: the source address is unknown";
}
