using Clavis.Core.Objects;
using Clavis.Core.Operations;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Attributes;

/// <summary>
/// Enforces <see cref="AttributeRules"/> on what a client sends, and builds the spec's errors in the
/// request's protocol version (KMIP 2.x reasons for 2.x, the 1.x reason PyKMIP and the 1.x spec use otherwise).
/// </summary>
public static class AttributeGuard
{
    /// <summary>
    /// Checks an attribute the client supplies in Create or Register (or through a Template): it must be
    /// a known attribute, settable by the client, carried by <paramref name="objectType"/>, with a well-typed value.
    /// </summary>
    /// <returns>The attribute's rule.</returns>
    /// <exception cref="KmipException">The attribute breaks a rule.</exception>
    public static AttributeRule CheckSuppliedAtCreation(KmipAttribute attribute, ObjectType objectType, ProtocolVersion version)
    {
        AttributeRule rule = RuleFor(attribute, version);
        if (!rule.ClientMaySupplyAtCreation)
        {
            // KMIP 2.1 §4 "Initially set by: Server": the client cannot supply it.
            throw ReadOnly(version, attribute.ToString());
        }

        CheckApplies(rule, attribute.ToString(), objectType, version);
        CheckValue(attribute, version);
        return rule;
    }

    /// <summary>
    /// Checks a change the client asks for after creation (Add, Modify, Set, Adjust Attribute).
    /// </summary>
    /// <returns>The attribute's rule.</returns>
    /// <exception cref="KmipException">The attribute is read-only, not carried by the object, or not changeable in its state.</exception>
    public static AttributeRule CheckChange(AttributeRule rule, string name, ManagedObject managedObject, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(managedObject);
        if (!rule.ModifiableByClient)
        {
            // KMIP 2.1 §6.1.2, §6.1.31, §6.1.52: read-only attributes cannot be added, modified or set.
            throw ReadOnly(version, name);
        }

        CheckApplies(rule, name, managedObject.ObjectType, version);
        if (rule.ModifiableInStates is { } states && !states.Contains(managedObject.State))
        {
            // KMIP 2.1 §4 (Activation Date, Deactivation Date …): changeable only in the listed states.
            throw new KmipException(
                FailureMapping.ForVersion(ResultReason.WrongKeyLifecycleState, version),
                $"{name} cannot be changed while the object is {managedObject.State}");
        }

        return rule;
    }

    /// <summary>Checks that the client may delete the attribute (Delete Attribute).</summary>
    /// <exception cref="KmipException">The attribute is read-only or always present.</exception>
    public static void CheckDelete(AttributeRule rule, string name, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (!rule.DeletableByClient)
        {
            // KMIP 2.1 §6.1.15: only attributes the client may delete; required and server attributes stay.
            throw ReadOnly(version, name);
        }
    }

    /// <summary>The rule for a wire attribute.</summary>
    /// <exception cref="KmipException">Not an attribute this server knows.</exception>
    public static AttributeRule RuleFor(KmipAttribute attribute, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        if (attribute.IsVendorAttribute && attribute.VendorIdentification is null)
        {
            // A 1.x name that is neither a standard attribute nor "x-"/"y-" custom.
            throw Unknown(version, attribute.ToString());
        }

        return AttributeRules.Find(attribute.Tag, attribute.VendorIdentification, attribute.Name) ?? throw Unknown(version, attribute.ToString());
    }

    /// <summary>The rule for an attribute reference.</summary>
    /// <exception cref="KmipException">Not an attribute this server knows.</exception>
    public static AttributeRule RuleFor(KmipAttributeReference reference, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Tag == Tag.Attribute && reference.VendorIdentification is null)
        {
            throw Unknown(version, reference.ToString());
        }

        return AttributeRules.Find(reference.Tag, reference.VendorIdentification, reference.Name) ?? throw Unknown(version, reference.ToString());
    }

    /// <summary>Checks that the value has the item type the attribute's tag has in the specification.</summary>
    /// <exception cref="KmipException">Invalid Attribute Value (2.x) or Invalid Field (1.x).</exception>
    public static void CheckValue(KmipAttribute attribute, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        if (!attribute.IsVendorAttribute
            && KmipVocabulary.TryGetTag(attribute.Tag, out TagDefinition? definition)
            && definition.ItemType is TtlvType expected
            && attribute.Value.Type != expected)
        {
            // KMIP 2.1 §4: every attribute value has the item type its table gives.
            throw InvalidValue(version, $"{attribute} must be a {expected}, not a {attribute.Value.Type}");
        }

        if (AttributeValues.KeyOf(attribute) == Objects.ClavisAttributes.Grant)
        {
            if (attribute.Value.Type != TtlvType.TextString)
            {
                throw InvalidValue(version, $"{attribute} must be a Text String (\"user:NAME ACTIONS\" or \"group:NAME ACTIONS\")");
            }

            try
            {
                Access.ObjectGrants.Parse(attribute.Value.TextStringValue);
            }
            catch (KmipException ex)
            {
                throw InvalidValue(version, ex.Message);
            }
        }
    }

    /// <summary>The attribute is read-only for the client: Attribute Read Only (2.x), Permission Denied (1.x).</summary>
    public static KmipException ReadOnly(ProtocolVersion version, string name) =>
        new(FailureMapping.ForVersion(ResultReason.AttributeReadOnly, version), $"{name} is read-only: only the server sets it");

    /// <summary>The object has no such attribute: Attribute Not Found (2.x), Item Not Found (1.x).</summary>
    public static KmipException NotFound(ProtocolVersion version, string name) =>
        new(FailureMapping.ForVersion(ResultReason.AttributeNotFound, version), $"the object has no {name} attribute");

    /// <summary>The object has no such instance: Attribute Instance Not Found (2.x), Index Out of Bounds (1.x).</summary>
    public static KmipException InstanceNotFound(ProtocolVersion version, string name, string which) =>
        new(FailureMapping.ForVersion(ResultReason.AttributeInstanceNotFound, version), $"the object has no {name} instance {which}");

    /// <summary>A second instance of a single-valued attribute: Attribute Single Valued (2.x), Illegal Operation (1.x).</summary>
    public static KmipException SingleValued(ProtocolVersion version, string name) =>
        new(FailureMapping.ForVersion(ResultReason.AttributeSingleValued, version), $"{name} is single-valued and already set");

    /// <summary>An operation that needs exactly one instance met several: Multi Valued Attribute (2.x), Invalid Field (1.x).</summary>
    public static KmipException MultiValued(ProtocolVersion version, string name) =>
        new(FailureMapping.ForVersion(ResultReason.MultiValuedAttribute, version), $"{name} has several instances; name the one to change");

    /// <summary>A malformed value: Invalid Attribute Value (2.x), Invalid Field (1.x).</summary>
    public static KmipException InvalidValue(ProtocolVersion version, string message) =>
        new(FailureMapping.ForVersion(ResultReason.InvalidAttributeValue, version), message);

    private static KmipException Unknown(ProtocolVersion version, string name) =>
        new(FailureMapping.ForVersion(ResultReason.InvalidAttribute, version), $"{name} is not an attribute this server accepts");

    private static void CheckApplies(AttributeRule rule, string name, ObjectType objectType, ProtocolVersion version)
    {
        if (!rule.AppliesToType(objectType))
        {
            // KMIP 2.1 §4 "Applies to Object Types".
            throw new KmipException(
                FailureMapping.ForVersion(ResultReason.InvalidAttribute, version),
                $"{name} does not apply to a {objectType}");
        }
    }
}
