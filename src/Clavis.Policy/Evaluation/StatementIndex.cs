using System.Collections.Frozen;
using Clavis.Policy.Requests;

namespace Clavis.Policy.Evaluation;

/// <summary>
/// One tier's statements filed by subject key and then by operation (<see cref="OperationBuckets"/>), so an
/// evaluation visits only statements that can be about this principal and operation: those filed under the
/// principal's name, each of its groups, its application, device type and class, the owner key when it owns the
/// object, and the "any" key. Each subject entry of a statement files it under one key, its most selective
/// selector (identity, then group, application, device type, device class, owner, any); the visit then checks
/// the whole statement, so an entry such as {group, deviceType} filed under the group is still checked for
/// the device type. Immutable after <see cref="Build"/>, so concurrent evaluations share it without locks.
/// </summary>
internal sealed class StatementIndex
{
    private readonly FrozenDictionary<string, OperationBuckets> _identities;
    private readonly FrozenDictionary<string, OperationBuckets> _groups;
    private readonly FrozenDictionary<string, OperationBuckets> _applications;
    private readonly FrozenDictionary<string, OperationBuckets> _deviceTypes;
    private readonly FrozenDictionary<string, OperationBuckets> _deviceClasses;
    private readonly OperationBuckets? _owner;
    private readonly OperationBuckets? _any;

    private StatementIndex(Builder builder)
    {
        _identities = Freeze(builder.Identities);
        _groups = Freeze(builder.Groups);
        _applications = Freeze(builder.Applications);
        _deviceTypes = Freeze(builder.DeviceTypes);
        _deviceClasses = Freeze(builder.DeviceClasses);
        _owner = builder.Owner.Count == 0 ? null : OperationBuckets.Build(builder.Owner);
        _any = builder.Any.Count == 0 ? null : OperationBuckets.Build(builder.Any);
    }

    public static StatementIndex Build(IEnumerable<CompiledStatement> statements)
    {
        var builder = new Builder();
        foreach (var statement in statements)
        {
            foreach (var subject in statement.Source.Subjects)
            {
                var list = subject switch
                {
                    { Identity: { } identity } => Bucket(builder.Identities, identity),
                    { Group: { } group } => Bucket(builder.Groups, group),
                    { Application: { } application } => Bucket(builder.Applications, application),
                    { DeviceType: { } deviceType } => Bucket(builder.DeviceTypes, deviceType),
                    { DeviceClass: { } deviceClass } => Bucket(builder.DeviceClasses, deviceClass),
                    { IsOwner: true } => builder.Owner,
                    _ => builder.Any,
                };
                list.Add(statement);
            }
        }

        return new StatementIndex(builder);
    }

    /// <summary>Hands every statement that may be about this request to <paramref name="outcome"/>; a statement may come more than once.</summary>
    public void Visit(AccessRequest request, ref TierOutcome outcome)
    {
        var principal = request.Principal;
        var operation = request.Operation;
        if (_identities.TryGetValue(principal.Name, out var buckets))
        {
            buckets.Visit(operation, ref outcome);
        }

        if (_groups.Count != 0)
        {
            foreach (var group in principal.Groups)
            {
                if (_groups.TryGetValue(group, out buckets))
                {
                    buckets.Visit(operation, ref outcome);
                }
            }
        }

        VisitOptional(_applications, principal.Application, operation, ref outcome);
        VisitOptional(_deviceTypes, principal.DeviceType, operation, ref outcome);
        VisitOptional(_deviceClasses, principal.DeviceClass, operation, ref outcome);
        if (_owner is not null && principal.Owns(request.Resource))
        {
            _owner.Visit(operation, ref outcome);
        }

        _any?.Visit(operation, ref outcome);
    }

    private static void VisitOptional(FrozenDictionary<string, OperationBuckets> index, string? key, Kmip.Operation operation, ref TierOutcome outcome)
    {
        if (key is not null && index.TryGetValue(key, out var buckets))
        {
            buckets.Visit(operation, ref outcome);
        }
    }

    private static List<CompiledStatement> Bucket(Dictionary<string, List<CompiledStatement>> index, string key)
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index.Add(key, list);
        }

        return list;
    }

    private static FrozenDictionary<string, OperationBuckets> Freeze(Dictionary<string, List<CompiledStatement>> index) =>
        index.ToFrozenDictionary(pair => pair.Key, pair => OperationBuckets.Build(pair.Value), StringComparer.Ordinal);

    private sealed class Builder
    {
        public Dictionary<string, List<CompiledStatement>> Identities { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<CompiledStatement>> Groups { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<CompiledStatement>> Applications { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<CompiledStatement>> DeviceTypes { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<CompiledStatement>> DeviceClasses { get; } = new(StringComparer.Ordinal);

        public List<CompiledStatement> Owner { get; } = [];

        public List<CompiledStatement> Any { get; } = [];
    }
}
