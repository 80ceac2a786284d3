using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Tests.Vocabulary;

public class KmipVocabularyTests
{
    [Fact]
    public void Tag_values_are_the_wire_tags()
    {
        Assert.Equal(0x420094u, (uint)Tag.UniqueIdentifier);
        Assert.Equal(0x420001u, (uint)Tag.ActivationDate);
        Assert.Equal(0x42000Du, (uint)Tag.BatchCount);
        Assert.Equal(0x42013Bu, (uint)Tag.AttributeReference);
    }

    [Theory]
    [InlineData("CryptographicAlgorithm")]
    [InlineData("Cryptographic Algorithm")]
    public void Tags_are_found_by_XML_name_and_by_spaced_spec_name(string name)
    {
        Assert.True(KmipVocabulary.TryGetTagByName(name, out var definition));
        Assert.Equal(Tag.CryptographicAlgorithm, definition.Tag);
        Assert.Equal("Cryptographic Algorithm", definition.Name);
        Assert.Equal("CryptographicAlgorithm", definition.XmlName);
        Assert.Equal(TtlvType.Enumeration, definition.ItemType);
    }

    [Theory]
    [InlineData("x-ID")]
    [InlineData("cryptographicalgorithm")]
    [InlineData("Reserved")]
    [InlineData("")]
    public void Unknown_tag_names_are_not_found(string name) =>
        Assert.False(KmipVocabulary.TryGetTagByName(name, out _));

    [Fact]
    public void A_tag_whose_type_varies_has_no_item_type()
    {
        Assert.True(KmipVocabulary.TryGetTag(Tag.AttributeValue, out var definition));
        Assert.Null(definition.ItemType);
    }

    [Fact]
    public void Attribute_Reference_exists_from_2_0()
    {
        Assert.False(KmipVocabulary.IsDefinedIn(Tag.AttributeReference, ProtocolVersion.V1_4));
        Assert.True(KmipVocabulary.IsDefinedIn(Tag.AttributeReference, ProtocolVersion.V2_0));
        Assert.True(KmipVocabulary.IsDefinedIn(Tag.AttributeReference, ProtocolVersion.V2_1));
    }

    [Fact]
    public void Tags_reserved_in_2_0_end_with_1_4()
    {
        Assert.True(KmipVocabulary.TryGetTag(Tag.CertificateIdentifier, out var definition));
        Assert.Equal(ProtocolVersion.V1_4, definition.LastVersion);
        Assert.Equal(ProtocolVersion.V1_1, definition.DeprecatedIn);
        Assert.True(KmipVocabulary.IsDefinedIn(Tag.CertificateIdentifier, ProtocolVersion.V1_0));
        Assert.False(KmipVocabulary.IsDefinedIn(Tag.CertificateIdentifier, ProtocolVersion.V2_0));
    }

    [Fact]
    public void Extension_tags_are_allowed_in_every_version_but_are_not_defined()
    {
        var extension = (Tag)0x540001;
        Assert.False(KmipVocabulary.TryGetTag(extension, out _));
        Assert.All(ProtocolVersion.All, v => Assert.True(KmipVocabulary.IsDefinedIn(extension, v)));
        Assert.False(KmipVocabulary.IsDefinedIn((Tag)0x430001, ProtocolVersion.V2_1));
    }

    [Fact]
    public void Result_reasons_new_in_2_0_are_not_defined_in_1_4()
    {
        Assert.True(KmipVocabulary.TryGetEnumerationForTag(Tag.ResultReason, out var reasons));
        Assert.True(reasons.TryGetValue("NotAuthorised", out var notAuthorised));
        Assert.Equal((uint)ResultReason.NotAuthorised, notAuthorised);
        Assert.False(reasons.IsDefinedIn(notAuthorised, ProtocolVersion.V1_4));
        Assert.True(reasons.IsDefinedIn(notAuthorised, ProtocolVersion.V2_0));
        Assert.True(reasons.IsDefinedIn((uint)ResultReason.ItemNotFound, ProtocolVersion.V1_0));
    }

    [Fact]
    public void Values_reserved_in_2_0_keep_their_1_x_name_and_end_with_1_4()
    {
        Assert.True(KmipVocabulary.TryGetEnumeration("ObjectType", out var objectTypes));
        Assert.True(objectTypes.TryGetValueName((uint)ObjectType.Template, out var name));
        Assert.Equal("Template", name);
        Assert.True(objectTypes.IsDefinedIn((uint)ObjectType.Template, ProtocolVersion.V1_4));
        Assert.False(objectTypes.IsDefinedIn((uint)ObjectType.Template, ProtocolVersion.V2_0));
    }

    [Fact]
    public void Extension_values_are_allowed_in_every_version()
    {
        Assert.True(KmipVocabulary.IsExtensionValue(0x80000001));
        Assert.True(KmipVocabulary.TryGetEnumeration("CryptographicAlgorithm", out var algorithms));
        Assert.True(algorithms.IsDefinedIn(0x80000001, ProtocolVersion.V1_0));
        Assert.False(algorithms.IsDefinedIn(0x7FFFFFFF, ProtocolVersion.V2_1));
        Assert.False(algorithms.TryGetValueName(0x80000001, out _));
    }

    [Theory]
    [InlineData("ResultReason", "NotAuthorized", 0x39u)]
    [InlineData("ResultReason", "UsageLimitsExceeded", 0x1Au)]
    [InlineData("ResultReason", "Usage Limit Exceeded", 0x1Au)]
    [InlineData("DigitalSignatureAlgorithm", "SHA_256WithRSAEncryption", 0x05u)]
    [InlineData("DigitalSignatureAlgorithm", "SHA_256WithRSAEncryptionPKCS_1V1_5", 0x05u)]
    [InlineData("HashingAlgorithm", "SHA_3_256", 0x0Fu)]
    [InlineData("HashingAlgorithm", "SHA3_256", 0x0Fu)]
    [InlineData("CryptographicAlgorithm", "DES3", 0x02u)]
    [InlineData("CryptographicAlgorithm", "3DES", 0x02u)]
    public void Enumeration_values_are_found_by_XML_name_spec_name_older_name_and_test_case_alias(
        string enumeration, string name, uint expected)
    {
        Assert.True(KmipVocabulary.TryGetEnumeration(enumeration, out var definition));
        Assert.True(definition.TryGetValue(name, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Value_names_are_the_latest_XML_names()
    {
        Assert.True(KmipVocabulary.TryGetEnumeration("Hashing Algorithm", out var hashing));
        Assert.True(hashing.TryGetValueName(0x0F, out var name));
        Assert.Equal("SHA3_256", name);
    }

    [Fact]
    public void Tags_map_to_their_enumerations_including_the_exceptions()
    {
        Assert.True(KmipVocabulary.TryGetEnumerationForTag(Tag.MaskGeneratorHashingAlgorithm, out var hashing));
        Assert.Equal("HashingAlgorithm", hashing.XmlName);
        Assert.True(KmipVocabulary.TryGetEnumerationForTag(Tag.ExtensionType, out var itemType));
        Assert.Equal("ItemType", itemType.XmlName);
        Assert.True(KmipVocabulary.TryGetEnumerationForTag(Tag.CryptographicUsageMask, out var usage));
        Assert.True(usage.IsMask);
        Assert.False(KmipVocabulary.TryGetEnumerationForTag(Tag.UniqueBatchItemID, out _));
    }

    [Fact]
    public void Attribute_Reference_values_are_tags()
    {
        Assert.True(KmipVocabulary.TryGetEnumerationForTag(Tag.AttributeReference, out var references));
        Assert.True(references.ValuesAreTags);
        Assert.True(references.TryGetValue("State", out var value));
        Assert.Equal((uint)Tag.State, value);
        Assert.True(references.TryGetValueName((uint)Tag.CryptographicAlgorithm, out var name));
        Assert.Equal("CryptographicAlgorithm", name);
        Assert.False(references.IsDefinedIn((uint)Tag.AttributeReference, ProtocolVersion.V1_4));
    }

    [Fact]
    public void Masks_parse_from_XML_and_JSON_forms_and_format_back()
    {
        Assert.True(KmipVocabulary.TryGetEnumeration("CryptographicUsageMask", out var usage));
        Assert.True(usage.TryParseMask("Decrypt Encrypt", out var xml));
        Assert.True(usage.TryParseMask("Encrypt|Decrypt", out var json));
        Assert.Equal(0x0Cu, xml);
        Assert.Equal(xml, json);
        Assert.Equal("Encrypt Decrypt", usage.FormatMask(xml, ' '));
        Assert.Equal("Sign|0x80000000", usage.FormatMask(0x80000001, '|'));
        Assert.False(usage.TryParseMask("Encrypt Bogus", out _));
        Assert.Contains(("Encrypt", 0x04u), usage.Bits);
    }

    [Fact]
    public void Mask_bits_are_gated_by_version_except_extension_bits()
    {
        Assert.True(KmipVocabulary.TryGetEnumeration("CryptographicUsageMask", out var usage));
        Assert.Equal(0xFFF00000u, usage.ExtensionBits);
        Assert.True(usage.IsDefinedIn((uint)(CryptographicUsageMask.Encrypt | CryptographicUsageMask.Export), ProtocolVersion.V1_4));
        Assert.False(usage.IsDefinedIn((uint)CryptographicUsageMask.Export, ProtocolVersion.V2_0));
        Assert.True(usage.IsDefinedIn(0x40000000, ProtocolVersion.V1_0));
    }

    [Fact]
    public void Lookups_do_not_allocate()
    {
        Assert.True(KmipVocabulary.TryGetEnumeration("ResultReason", out var reasons));
        var name = "Cryptographic Algorithm".AsSpan();
        KmipVocabulary.TryGetTagByName(name, out _);
        reasons.TryGetValue("ItemNotFound", out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            KmipVocabulary.TryGetTagByName(name, out _);
            KmipVocabulary.TryGetTag(Tag.UniqueIdentifier, out _);
            reasons.TryGetValue("ItemNotFound", out _);
            reasons.TryGetValueName(1, out _);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
