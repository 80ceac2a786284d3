using System.Collections.Immutable;
using System.Net;
using System.Runtime.CompilerServices;
using Clavis.Core.Identity;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Ttlv;
using Clavis.Policy.Requests;

namespace Clavis.Core.Access;

/// <summary>What the policy engine is told about the client and the object, built from Core's own types.</summary>
internal static class PolicyInputs
{
    // An identity lives as long as its session (or message), and so does its principal.
    private static readonly ConditionalWeakTable<ClientIdentity, CachedPrincipal> s_principals = [];

    /// <summary>The principal of <paramref name="identity"/> calling from <paramref name="remoteAddress"/> (<c>ip:port</c>).</summary>
    public static Principal PrincipalOf(ClientIdentity identity, string? remoteAddress)
    {
        // A session's identity comes from one address, so the principal built for its first request serves the rest.
        if (s_principals.TryGetValue(identity, out CachedPrincipal? cached) && string.Equals(cached.RemoteAddress, remoteAddress, StringComparison.Ordinal))
        {
            return cached.Principal;
        }

        Principal principal = Build(identity, AddressOf(remoteAddress));
        s_principals.AddOrUpdate(identity, new CachedPrincipal(remoteAddress, principal));
        return principal;
    }

    /// <summary>The policy view of <paramref name="managedObject"/>.</summary>
    public static ResourceAttributes ResourceOf(ManagedObject managedObject)
    {
        AttributeSet attributes = managedObject.Attributes;
        ImmutableArray<string>.Builder names = ImmutableArray.CreateBuilder<string>();
        foreach (TtlvNode name in attributes.Get(Tag.Name))
        {
            if (name.Find(Tag.NameValue) is { Type: TtlvType.TextString } value)
            {
                names.Add(value.TextStringValue);
            }
        }

        ImmutableArray<string>.Builder groups = ImmutableArray.CreateBuilder<string>();
        foreach (TtlvNode group in attributes.Get(Tag.ObjectGroup))
        {
            if (group.Type == TtlvType.TextString)
            {
                groups.Add(group.TextStringValue);
            }
        }

        ImmutableArray<ResourceTag>.Builder tags = ImmutableArray.CreateBuilder<ResourceTag>();
        foreach ((AttributeKey key, IReadOnlyList<TtlvNode> values) in attributes.All)
        {
            if (key.Tag != Tag.Attribute || key.Name is null || key == ClavisAttributes.Grant)
            {
                continue;
            }

            // Tags are named as KMIP 1.x names them (x-…, y-…), the form people write custom attributes in.
            string tagName = key.VendorIdentification is { Length: > 0 } vendor ? $"{vendor}-{key.Name}" : key.Name;
            foreach (TtlvNode value in values)
            {
                if (value.Type == TtlvType.TextString)
                {
                    tags.Add(new ResourceTag(tagName, value.TextStringValue));
                }
            }
        }

        uint? algorithm = attributes.GetEnumeration(Tag.CryptographicAlgorithm);
        return new ResourceAttributes
        {
            ObjectId = managedObject.Id,
            ObjectType = managedObject.ObjectType,
            Names = names.ToImmutable(),
            ObjectGroups = groups.ToImmutable(),
            Algorithm = algorithm is uint known ? (CryptographicAlgorithm)known : null,
            Length = attributes.GetInteger(Tag.CryptographicLength),
            Tags = tags.ToImmutable(),
            Owner = managedObject.Owner,
            CreatedAt = attributes.GetDateTime(Tag.InitialDate),
            Grants = ObjectGrants.Of(managedObject),
        };
    }

    private static Principal Build(ClientIdentity identity, IPAddress? address) => new()
    {
        Name = identity.Name,
        Groups = [.. identity.Groups],
        DeviceType = identity.DeviceType,
        DeviceClass = identity.DeviceClass,
        Application = identity.Application,
        SoftwareLevel = identity.SoftwareLevel,
        HardwareLevel = identity.HardwareLevel,
        VerifiedCredentials = [.. identity.VerifiedCredentialTypes],
        SourceAddress = address,
    };

    private static IPAddress? AddressOf(string? remoteAddress)
    {
        if (remoteAddress is null)
        {
            return null;
        }

        if (IPEndPoint.TryParse(remoteAddress, out IPEndPoint? endPoint))
        {
            return endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        }

        return IPAddress.TryParse(remoteAddress, out IPAddress? address) ? address : null;
    }

    private sealed record CachedPrincipal(string? RemoteAddress, Principal Principal);
}
