using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Versioning;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Query: what this server does — its operations, object types, server information and capabilities —
/// answered from what is actually composed, in terms the request's version defines.
/// </summary>
public sealed class QueryHandler : OperationHandler<QueryRequestPayload, QueryResponsePayload>
{
    private static readonly ObjectType[] s_objectTypes =
    [
        ObjectType.SymmetricKey, ObjectType.PublicKey, ObjectType.PrivateKey, ObjectType.Certificate,
        ObjectType.SecretData, ObjectType.OpaqueObject, ObjectType.SplitKey, ObjectType.Template,
    ];

    private readonly Func<IEnumerable<Operation>> _operations;

    /// <summary>Creates the handler; <paramref name="operations"/> lists the operations the server composes (asked at each Query).</summary>
    public QueryHandler(Func<IEnumerable<Operation>> operations)
    {
        _operations = operations ?? throw new ArgumentNullException(nameof(operations));
    }

    /// <inheritdoc/>
    public override Operation Operation => Operation.Query;

    /// <inheritdoc/>
    protected override ValueTask<QueryResponsePayload> HandleAsync(QueryRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        var response = new QueryResponsePayload();
        KmipServerOptions options = context.Services.Options;
        foreach (QueryFunction function in request.QueryFunction.Distinct())
        {
            switch (function)
            {
                case QueryFunction.QueryOperations:
                    response.Operations.AddRange(_operations().Where(o => VersionRules.IsDefinedIn(o, context.Version)));
                    break;
                case QueryFunction.QueryObjects:
                    response.ObjectTypes.AddRange(s_objectTypes.Where(t => VersionRules.IsDefinedIn(t, context.Version)));
                    break;
                case QueryFunction.QueryServerInformation:
                    response.VendorIdentification = options.VendorIdentification;
                    response.ServerInformation = new ServerInformation
                    {
                        ServerName = options.ServerName,
                        ServerVersion = options.ServerVersion,
                        ProductName = "Clavis",
                    };
                    break;
                case QueryFunction.QueryCapabilities:
                    response.CapabilityInformation.Add(new CapabilityInformation
                    {
                        StreamingCapability = false,
                        AsynchronousCapability = true,
                        AttestationCapability = false,
                        BatchUndoCapability = true,
                        BatchContinueCapability = true,
                    });
                    break;
                default:
                    // KMIP 1.4 §4.25: functions the server has nothing to report for are answered with nothing
                    // (no application namespaces, extensions, attestation types, profiles claimed, …).
                    break;
            }
        }

        return ValueTask.FromResult(response);
    }
}
