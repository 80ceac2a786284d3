using Clavis.Core.Identity.Registry;
using Clavis.Kmip;

namespace Clavis.Core.Identity;

/// <summary>The principal as a resolution builds it up, step by step, before it becomes an immutable <see cref="ClientIdentity"/>.</summary>
internal sealed class PrincipalFacts
{
    private readonly ClientIdentity _certificate;
    private readonly List<string> _groups;
    private readonly Dictionary<string, string> _claims = new(StringComparer.Ordinal);
    private readonly List<CredentialType> _verified = [];
    private readonly List<CredentialType> _presented = [];
    private readonly List<string> _rules = [];
    private string? _deviceType;
    private string? _deviceClass;
    private string? _application;
    private int? _softwareLevel;
    private int? _hardwareLevel;
    private bool _nameFromUsername;

    public PrincipalFacts(ClientIdentity certificate)
    {
        _certificate = certificate;
        _groups = [.. certificate.Groups];
        _deviceType = certificate.DeviceType;
        _deviceClass = certificate.DeviceClass;
        _application = certificate.Application;
        _softwareLevel = certificate.SoftwareLevel;
        _hardwareLevel = certificate.HardwareLevel;
    }

    /// <summary>The verified username, or null.</summary>
    public string? Username { get; private set; }

    /// <summary>The device type as it stands.</summary>
    public string? DeviceType => _deviceType;

    /// <summary>The credential types verified so far.</summary>
    public IReadOnlyList<CredentialType> Verified => _verified;

    public void MarkPresented(CredentialType type)
    {
        if (!_presented.Contains(type))
        {
            _presented.Add(type);
        }
    }

    public void MarkVerified(CredentialType type)
    {
        if (!_verified.Contains(type))
        {
            _verified.Add(type);
        }
    }

    public void VerifiedUsername(string username)
    {
        Username = username;
        _claims[ClaimNames.Username] = username;
        MarkVerified(CredentialType.UsernameAndPassword);
    }

    public void AddGroups(IReadOnlyList<string> groups)
    {
        foreach (string group in groups)
        {
            if (!_groups.Contains(group, StringComparer.Ordinal))
            {
                _groups.Add(group);
            }
        }
    }

    /// <summary>Sets each fact <paramref name="attributes"/> gives, replacing what an earlier step said.</summary>
    public void Apply(PrincipalAttributes attributes)
    {
        _deviceType = attributes.DeviceType ?? _deviceType;
        _deviceClass = attributes.DeviceClass ?? _deviceClass;
        _application = attributes.Application ?? _application;
        _softwareLevel = attributes.SoftwareLevel ?? _softwareLevel;
        _hardwareLevel = attributes.HardwareLevel ?? _hardwareLevel;
    }

    public void Claim(string name, string? value)
    {
        if (value is not null)
        {
            _claims[name] = value;
        }
    }

    public void AppliedRule(PrincipalRule rule)
    {
        _rules.Add(rule.Name);
        AddGroups(rule.Assign.Groups);
        Apply(rule.Assign.Attributes);
        if (rule.Assign.IdentityFromUsername && Username is not null)
        {
            _nameFromUsername = true;
        }
    }

    public ClientIdentity Build()
    {
        if (_rules.Count > 0)
        {
            _claims[ClaimNames.PrincipalRules] = string.Join(',', _rules);
        }

        return _certificate with
        {
            Name = _nameFromUsername ? Username! : _certificate.Name,
            CertificateName = _certificate.CertificateName,
            Groups = _groups,
            DeviceType = _deviceType,
            DeviceClass = _deviceClass,
            Application = _application,
            SoftwareLevel = _softwareLevel,
            HardwareLevel = _hardwareLevel,
            VerifiedCredentialTypes = _verified,
            PresentedCredentialTypes = _presented,
            Claims = _claims.Count == 0 ? ClientIdentity.EmptyClaims : _claims.AsReadOnly(),
        };
    }
}
