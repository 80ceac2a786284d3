using System.Security.Cryptography;
using System.Text;
using Clavis.Core.Attributes;
using Clavis.Core.Identity;
using Clavis.Core.Objects;
using Clavis.Core.Operations;
using Clavis.Core.Operations.Handlers;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Administration;

/// <summary>
/// Administrators' management of key profiles. A profile is a KMIP 1.x Template object with a Name, so
/// templates registered by 1.x clients and profiles written here are one mechanism, stored like every other
/// object (durable, visible to every node) and applied by Create through the same code
/// (docs/templates.md). Only members of the administrators group may act.
/// </summary>
public sealed class ProfileAdministration
{
    /// <summary>The longest profile name accepted.</summary>
    public const int MaxNameLength = 128;

    private const int ConflictRetries = 3;
    private readonly KmipServices _services;
    private readonly AdministrationAudit _audit;

    /// <summary>Creates the service.</summary>
    public ProfileAdministration(KmipServices services)
    {
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _audit = new AdministrationAudit(services);
    }

    /// <summary>
    /// Checks a profile's attributes as if a client supplied them at creation: known, client-settable, each
    /// single-valued attribute once, and holdable by a Template.
    /// </summary>
    /// <exception cref="KmipException">An attribute breaks a rule; the message names it.</exception>
    public static void Validate(IReadOnlyList<KmipAttribute> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ProtocolVersion version = ProtocolVersion.V2_1;
        if (attributes.Count == 0)
        {
            KmipException.ThrowInvalidField("a profile needs at least one attribute");
        }

        var seen = new HashSet<AttributeKey>();
        foreach (KmipAttribute attribute in attributes)
        {
            if (NewObjectAttributes.IsProfileReference(attribute))
            {
                KmipException.ThrowInvalidField("a profile cannot name another profile");
            }

            // KMIP 2.1 §4: the same rules as attributes a client supplies in Create.
            AttributeRule rule = AttributeGuard.CheckSuppliedAtCreation(attribute, ObjectType.Template, version);
            if (!attribute.IsDefinedIn(ProtocolVersion.V1_4))
            {
                // KMIP 1.4 §2.2.6: a profile is held as a Template, whose attributes are KMIP 1.x attributes.
                throw new KmipException(ResultReason.InvalidAttribute,
                    $"{attribute} cannot be in a profile: profiles are stored as KMIP 1.x Templates, which cannot hold KMIP 2.x-only attributes");
            }

            if (!rule.MultiValued && !seen.Add(AttributeValues.KeyOf(attribute)))
            {
                // KMIP 2.1 §4: a single-valued attribute has one instance.
                throw AttributeGuard.SingleValued(version, attribute.ToString());
            }
        }
    }

    /// <summary>Creates profile <paramref name="name"/> or replaces its attributes; the action, allowed or refused, is audited.</summary>
    /// <exception cref="KmipException">Permission Denied (not an administrator), Invalid Field or attribute errors.</exception>
    public Task<KeyProfile> PutAsync(string name, IReadOnlyList<KmipAttribute> attributes, ClientIdentity administrator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        return _audit.RunAsync(administrator, "PutProfile", name is null ? null : IdFor(name), () => PutCoreAsync(name!, attributes, administrator, cancellationToken), cancellationToken);
    }

    private async Task<KeyProfile> PutCoreAsync(string name, IReadOnlyList<KmipAttribute> attributes, ClientIdentity administrator, CancellationToken cancellationToken)
    {
        Authorize(administrator);
        CheckName(name);
        Validate(attributes);
        for (int attempt = 1; ; attempt++)
        {
            var objects = new UnitOfWork(_services.Store);
            ManagedObject? existing = await FindAsync(name, objects, cancellationToken).ConfigureAwait(false);
            var body = new Template { Attributes = [.. attributes] };
            ManagedObject profile;
            if (existing is not null)
            {
                if (existing.Material is null)
                {
                    throw new KmipException(ResultReason.WrongKeyLifecycleState, $"the Template named \"{name}\" was destroyed; delete it before reusing its name");
                }

                profile = existing;
                profile.Material = ObjectBodyCodec.Seal(_services.Barrier, profile.Id, body);
                profile.Attributes.SetDateTime(Tag.LastChangeDate, _services.Clock.UtcNow);
                objects.Update(profile);
            }
            else
            {
                var own = new AttributeSet();
                own.Add(Tag.Name, TtlvNode.Structure(Tag.Name,
                    TtlvNode.TextString(Tag.NameValue, name),
                    TtlvNode.Enumeration(Tag.NameType, (uint)NameType.UninterpretedTextString)));
                // One identifier per name: two nodes creating the same profile at once conflict in the store
                // instead of leaving two Templates with one name.
                profile = new ManagedObject(IdFor(name), ObjectType.Template, State.PreActive, own)
                {
                    Material = ObjectBodyCodec.Seal(_services.Barrier, IdFor(name), body),
                };
                var context = new OperationContext(
                    new RequestContext(administrator, ProtocolVersion.V2_1, _services.Clock.UtcNow, 0, null), objects, _services);
                NewObjectAttributes.AddServerAttributes(profile, body, context);
                objects.Insert(profile);
            }

            try
            {
                await objects.CommitAsync(_audit.Succeeded(administrator, "PutProfile", profile, $"profile {name}"), cancellationToken).ConfigureAwait(false);
                return new KeyProfile(name, profile.Id, [.. attributes]);
            }
            catch (ConcurrencyConflictException) when (attempt < ConflictRetries)
            {
                // Written by someone else meanwhile: look again and replace what is there.
            }
        }
    }

    /// <summary>Every named, undestroyed Template, by name: the profiles and the 1.x clients' templates.</summary>
    /// <exception cref="KmipException">Permission Denied (not an administrator).</exception>
    public async Task<IReadOnlyList<KeyProfile>> ListAsync(ClientIdentity administrator, CancellationToken cancellationToken)
    {
        Authorize(administrator);
        IReadOnlyList<string> ids = await _services.Store.LocateAsync(new ObjectQuery { ObjectType = ObjectType.Template }, cancellationToken).ConfigureAwait(false);
        var profiles = new List<KeyProfile>(ids.Count);
        foreach (string id in ids)
        {
            ManagedObject? template = await _services.Store.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (template is { Material: not null } && NameOf(template) is string name)
            {
                profiles.Add(ToProfile(name, template));
            }
        }

        profiles.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return profiles;
    }

    /// <summary>Profile <paramref name="name"/>.</summary>
    /// <exception cref="KmipException">Permission Denied (not an administrator), Item Not Found.</exception>
    public async Task<KeyProfile> GetAsync(string name, ClientIdentity administrator, CancellationToken cancellationToken)
    {
        Authorize(administrator);
        ArgumentNullException.ThrowIfNull(name);
        ManagedObject? template = await FindAsync(name, new UnitOfWork(_services.Store), cancellationToken).ConfigureAwait(false);
        if (template is not { Material: not null })
        {
            throw NotFound(name);
        }

        return ToProfile(name, template);
    }

    /// <summary>Removes profile <paramref name="name"/> (its Template object) from the store; the action, allowed or refused, is audited.</summary>
    /// <exception cref="KmipException">Permission Denied (not an administrator), Item Not Found.</exception>
    public Task DeleteAsync(string name, ClientIdentity administrator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        return _audit.RunAsync(administrator, "DeleteProfile", name is null ? null : IdFor(name), async () =>
        {
            await DeleteCoreAsync(name!, administrator, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    private async Task DeleteCoreAsync(string name, ClientIdentity administrator, CancellationToken cancellationToken)
    {
        Authorize(administrator);
        ArgumentNullException.ThrowIfNull(name);
        for (int attempt = 1; ; attempt++)
        {
            var objects = new UnitOfWork(_services.Store);
            ManagedObject template = await FindAsync(name, objects, cancellationToken).ConfigureAwait(false) ?? throw NotFound(name);
            objects.Delete(template);
            try
            {
                await objects.CommitAsync(_audit.Succeeded(administrator, "DeleteProfile", template, $"profile {name}"), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < ConflictRetries)
            {
                // Changed meanwhile: look again.
            }
        }
    }

    /// <summary>The identifier a profile created here gets: a UUID derived from its name (SHA-256, version 8 layout).</summary>
    public static string IdFor(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes("clavis-profile\0" + name));
        Span<byte> bytes = hash.AsSpan(0, 16);
        // RFC 9562 §5.8: version 8 (custom) and the RFC variant.
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }

    private async Task<ManagedObject?> FindAsync(string name, UnitOfWork objects, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> ids = await _services.Store.LocateAsync(
            new ObjectQuery { ObjectType = ObjectType.Template, Name = name, Limit = 2 }, cancellationToken).ConfigureAwait(false);
        if (ids.Count > 1)
        {
            throw new KmipException(ResultReason.InvalidField, $"several Templates are named \"{name}\"; names of templates and profiles must be unique");
        }

        return ids.Count == 0 ? null : await objects.FindAsync(ids[0], cancellationToken).ConfigureAwait(false);
    }

    private KeyProfile ToProfile(string name, ManagedObject template)
    {
        IReadOnlyList<KmipAttribute> attributes = ObjectBodyCodec.Open(_services.Barrier, template.Id, template.Material!) is Template { Attributes: { } held }
            ? held
            : [];
        return new KeyProfile(name, template.Id, attributes);
    }

    private static string? NameOf(ManagedObject template) =>
        template.Attributes.GetFirst(Tag.Name) is { Type: TtlvType.Structure } value
            && value.Children.FirstOrDefault(c => c.Tag == Tag.NameValue) is { Type: TtlvType.TextString } text
            ? text.TextStringValue
            : null;

    private static void Authorize(ClientIdentity administrator)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        if (!administrator.IsAdministrator)
        {
            KmipException.ThrowPermissionDenied($"{administrator.Name} is not an administrator");
        }
    }

    private static void CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Length > MaxNameLength || name.Any(char.IsControl) || name.Trim().Length != name.Length)
        {
            KmipException.ThrowInvalidField($"a profile name is 1 to {MaxNameLength} characters, without control characters or surrounding spaces");
        }
    }

    private static KmipException NotFound(string name) => new(ResultReason.ItemNotFound, $"no profile named \"{name}\"");
}
