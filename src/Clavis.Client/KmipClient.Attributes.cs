using Clavis.Kmip;
using Clavis.Kmip.Ttlv;
using Clavis.Kmip.Messages;

namespace Clavis.Client;

// Reading and changing an object's attributes.
public sealed partial class KmipClient
{
    /// <summary>Reads attributes of an object (Get Attributes).</summary>
    /// <param name="uniqueIdentifier">The object.</param>
    /// <param name="attributes">Which attributes, or null for all of them.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response: the object's identifier and the attributes it has among those asked.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<GetAttributesResponsePayload> GetAttributesAsync(
        string uniqueIdentifier, IEnumerable<KmipAttributeReference>? attributes = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        return ExecuteAsync<GetAttributesResponsePayload>(
            new GetAttributesRequestPayload { UniqueIdentifier = uniqueIdentifier, AttributeReference = [.. attributes ?? []] },
            cancellationToken);
    }

    /// <summary>Lists which attributes an object has (Get Attribute List).</summary>
    /// <param name="uniqueIdentifier">The object.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response: references to the attributes the object has.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<GetAttributeListResponsePayload> GetAttributeListAsync(string uniqueIdentifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        return ExecuteAsync<GetAttributeListResponsePayload>(new GetAttributeListRequestPayload { UniqueIdentifier = uniqueIdentifier }, cancellationToken);
    }

    /// <summary>Adds an attribute (another instance, for multi-valued ones) to an object (Add Attribute).</summary>
    /// <param name="uniqueIdentifier">The object.</param>
    /// <param name="attribute">The attribute to add.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found, Attribute Read Only).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<AddAttributeResponsePayload> AddAttributeAsync(string uniqueIdentifier, KmipAttribute attribute, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        ArgumentNullException.ThrowIfNull(attribute);
        return ExecuteAsync<AddAttributeResponsePayload>(new AddAttributeRequestPayload { UniqueIdentifier = uniqueIdentifier, NewAttribute = attribute }, cancellationToken);
    }

    /// <summary>Changes an attribute's value (Modify Attribute).</summary>
    /// <param name="uniqueIdentifier">The object.</param>
    /// <param name="newAttribute">The new value.</param>
    /// <param name="currentAttribute">In KMIP 2.x, the instance to change (its current value), or null for the only one.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found, Attribute Not Found, Attribute Read Only).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<ModifyAttributeResponsePayload> ModifyAttributeAsync(
        string uniqueIdentifier, KmipAttribute newAttribute, KmipAttribute? currentAttribute = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        ArgumentNullException.ThrowIfNull(newAttribute);
        return ExecuteAsync<ModifyAttributeResponsePayload>(
            new ModifyAttributeRequestPayload { UniqueIdentifier = uniqueIdentifier, NewAttribute = newAttribute, CurrentAttribute = currentAttribute },
            cancellationToken);
    }

    /// <summary>Removes an attribute from an object (Delete Attribute).</summary>
    /// <param name="uniqueIdentifier">The object.</param>
    /// <param name="attribute">Which attribute.</param>
    /// <param name="attributeIndex">Which instance of a multi-valued attribute (KMIP 1.x), or null for the first.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found, Attribute Not Found, Attribute Read Only).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<DeleteAttributeResponsePayload> DeleteAttributeAsync(
        string uniqueIdentifier, KmipAttributeReference attribute, int? attributeIndex = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        ArgumentNullException.ThrowIfNull(attribute);
        return ExecuteAsync<DeleteAttributeResponsePayload>(
            new DeleteAttributeRequestPayload { UniqueIdentifier = uniqueIdentifier, AttributeReference = attribute, AttributeIndex = attributeIndex },
            cancellationToken);
    }

    /// <summary>Sets a single-valued attribute, adding or replacing it (Set Attribute, KMIP 2.0 and later).</summary>
    /// <param name="uniqueIdentifier">The object.</param>
    /// <param name="attribute">The value to set.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found, Attribute Read Only).</exception>
    /// <exception cref="Clavis.Kmip.Versioning.KmipVersionException">The negotiated version is 1.x, which has no Set Attribute.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<SetAttributeResponsePayload> SetAttributeAsync(string uniqueIdentifier, KmipAttribute attribute, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        ArgumentNullException.ThrowIfNull(attribute);
        return ExecuteAsync<SetAttributeResponsePayload>(new SetAttributeRequestPayload { UniqueIdentifier = uniqueIdentifier, NewAttribute = attribute }, cancellationToken);
    }

    /// <summary>Increments, decrements or negates a numeric, interval or date attribute in place (Adjust Attribute, KMIP 2.0 and later).</summary>
    /// <param name="uniqueIdentifier">The object.</param>
    /// <param name="attribute">Which attribute (single-valued).</param>
    /// <param name="adjustment">Increment, Decrement or Negate.</param>
    /// <param name="step">The amount, typed like the attribute (an Interval for dates), or null for one.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Attribute Not Found, a result out of the attribute's range, or
    /// Operation Not Supported when the negotiated version is 1.x).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<AdjustAttributeResponsePayload> AdjustAttributeAsync(
        string uniqueIdentifier, KmipAttributeReference attribute, AdjustmentType adjustment, TtlvNode? step = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        ArgumentNullException.ThrowIfNull(attribute);
        return ExecuteAsync<AdjustAttributeResponsePayload>(
            new AdjustAttributeRequestPayload { UniqueIdentifier = uniqueIdentifier, AttributeReference = attribute, AdjustmentType = adjustment, AdjustmentValue = step },
            cancellationToken);
    }
}
