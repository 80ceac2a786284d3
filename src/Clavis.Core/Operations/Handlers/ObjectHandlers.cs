namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// The handlers for creating, registering, reading and editing objects, for the server to compose with
/// the others. None takes constructor arguments: each works through its <see cref="OperationContext"/>
/// (store, barrier, clock, settings).
/// </summary>
public static class ObjectHandlers
{
    /// <summary>Create, Register, Get, Get Attributes, Get Attribute List, Add/Modify/Delete/Set/Adjust Attribute.</summary>
    public static IReadOnlyList<IOperationHandler> All() =>
    [
        new CreateHandler(),
        new RegisterHandler(),
        new GetHandler(),
        new GetAttributesHandler(),
        new GetAttributeListHandler(),
        new AddAttributeHandler(),
        new ModifyAttributeHandler(),
        new DeleteAttributeHandler(),
        new SetAttributeHandler(),
        new AdjustAttributeHandler(),
    ];
}
