using System.Net;
using Clavis.Kmip;
using Clavis.Policy.Requests;
using static Clavis.Policy.Tests.Support.Policies;

namespace Clavis.Policy.Tests.Conditions;

/// <summary>
/// The conditions on the request and the principal: dataSize, softwareLevel, hardwareLevel, sourceNetwork,
/// protocolVersion and credentialTypes, at and around each boundary, with the refusal reason each gives.
/// </summary>
public class RequestConditionTests
{
    private static AccessDecision Decide(string conditions, Principal principal, ProtocolVersion? version = null, long? dataSize = null) =>
        OnlyStatements(Allow(conditions: conditions)).Evaluate(Request(principal, Operation.Encrypt, Key(), version: version, dataSize: dataSize));

    private static Principal From(string? address) => new() { Name = "alice", SourceAddress = address is null ? null : IPAddress.Parse(address) };

    [Theory]
    [InlineData(null, true)]
    [InlineData(0L, true)]
    [InlineData(1024L, true)]
    [InlineData(1025L, false)]
    public void Data_size_holds_up_to_its_maximum_and_without_data(long? size, bool allowed)
    {
        var decision = Decide(""" "dataSize": { "max": 1024 }""", Principal("alice"), dataSize: size);
        Assert.Equal(allowed, decision.IsAllowed);
        if (!allowed)
        {
            Assert.Equal("allow statement ops@1#s did not apply: dataSize: 1025 bytes, over the 1024-byte limit", decision.Reason);
        }
    }

    [Theory]
    [InlineData("softwareLevel", null, false, "softwareLevel: the principal's software level is unknown")]
    [InlineData("softwareLevel", 1, false, "softwareLevel: software level 1 is below the minimum 2")]
    [InlineData("softwareLevel", 2, true, null)]
    [InlineData("softwareLevel", 4, true, null)]
    [InlineData("softwareLevel", 5, false, "softwareLevel: software level 5 is above the maximum 4")]
    [InlineData("hardwareLevel", null, false, "hardwareLevel: the principal's hardware level is unknown")]
    [InlineData("hardwareLevel", 1, false, "hardwareLevel: hardware level 1 is below the minimum 2")]
    [InlineData("hardwareLevel", 2, true, null)]
    [InlineData("hardwareLevel", 5, false, "hardwareLevel: hardware level 5 is above the maximum 4")]
    public void Device_levels_hold_between_their_bounds(string condition, int? level, bool allowed, string? failure)
    {
        var principal = condition == "softwareLevel"
            ? new Principal { Name = "alice", SoftwareLevel = level, HardwareLevel = 3 }
            : new Principal { Name = "alice", HardwareLevel = level, SoftwareLevel = 3 };
        var decision = Decide($$""" "{{condition}}": { "min": 2, "max": 4 }""", principal);
        Assert.Equal(allowed, decision.IsAllowed);
        if (failure is not null)
        {
            Assert.Equal($"allow statement ops@1#s did not apply: {failure}", decision.Reason);
        }
    }

    [Theory]
    [InlineData("10.0.0.0", true)]
    [InlineData("10.255.255.255", true)]
    [InlineData("9.255.255.255", false)]
    [InlineData("11.0.0.0", false)]
    [InlineData("192.168.7.7", true)]
    [InlineData("192.168.7.8", false)]
    [InlineData("::ffff:10.1.2.3", true)]
    [InlineData("::ffff:11.1.2.3", false)]
    [InlineData("::1", true)]
    [InlineData("::2", false)]
    [InlineData("fd12:3456::1", true)]
    [InlineData("fe80::1", false)]
    [InlineData("100.64.1.1", true)]
    [InlineData("::ffff:100.64.1.1", true)]
    [InlineData(null, false)]
    public void Source_network_holds_inside_any_listed_network(string? address, bool allowed)
    {
        var decision = Decide(
            """ "sourceNetwork": ["10.0.0.0/8", "192.168.7.7/32", "::1/128", "fd00::/8", "::ffff:100.64.0.0/106"]""", From(address));
        Assert.Equal(allowed, decision.IsAllowed);
    }

    [Fact]
    public void Source_network_refusal_names_the_address_and_the_networks()
    {
        Assert.Equal(
            "allow statement ops@1#s did not apply: sourceNetwork: 11.1.2.3 is in none of 10.0.0.0/8, ::1/128",
            Decide(""" "sourceNetwork": ["10.0.0.0/8", "::1/128"]""", From("::ffff:11.1.2.3")).Reason);
        Assert.Equal(
            "allow statement ops@1#s did not apply: sourceNetwork: the source address is unknown",
            Decide(""" "sourceNetwork": ["10.0.0.0/8"]""", From(null)).Reason);
    }

    [Theory]
    [InlineData(1, 3, false, "protocolVersion: 1.3 is below the minimum 1.4")]
    [InlineData(1, 4, true, null)]
    [InlineData(2, 0, true, null)]
    [InlineData(2, 1, false, "protocolVersion: 2.1 is above the maximum 2.0")]
    public void Protocol_version_holds_between_its_bounds(int major, int minor, bool allowed, string? failure)
    {
        var decision = Decide(""" "protocolVersion": { "min": "1.4", "max": "2.0" }""", Principal("alice"), new ProtocolVersion(major, minor));
        Assert.Equal(allowed, decision.IsAllowed);
        if (failure is not null)
        {
            Assert.Equal($"allow statement ops@1#s did not apply: {failure}", decision.Reason);
        }
    }

    [Theory]
    [InlineData(new[] { CredentialType.UsernameAndPassword, CredentialType.Device }, true, null)]
    [InlineData(new[] { CredentialType.Device, CredentialType.Attestation, CredentialType.UsernameAndPassword }, true, null)]
    [InlineData(new[] { CredentialType.UsernameAndPassword }, false, "credentialTypes: Device not presented and verified")]
    [InlineData(new CredentialType[0], false, "credentialTypes: UsernameAndPassword, Device not presented and verified")]
    public void Credential_types_must_all_have_been_verified(CredentialType[] verified, bool allowed, string? failure)
    {
        var principal = new Principal { Name = "alice", VerifiedCredentials = [.. verified] };
        var decision = Decide(""" "credentialTypes": ["UsernameAndPassword", "Device"]""", principal);
        Assert.Equal(allowed, decision.IsAllowed);
        if (failure is not null)
        {
            Assert.Equal($"allow statement ops@1#s did not apply: {failure}", decision.Reason);
        }
    }

    [Fact]
    public void Refusal_counts_the_other_failed_conditions()
    {
        var decision = Decide(
            """ "dataSize": { "max": 1 }, "softwareLevel": { "min": 2 }, "protocolVersion": { "min": "2.0" }""",
            new Principal { Name = "alice", SoftwareLevel = 1 }, ProtocolVersion.V1_4, dataSize: 2);
        // Conditions are evaluated (and cited) in a fixed order: protocol version before levels before data size.
        Assert.Equal("allow statement ops@1#s did not apply: protocolVersion: 1.4 is below the minimum 2.0 (and 2 more conditions failed)", decision.Reason);
    }
}
