namespace Clavis.Kmip.Ttlv;

/// <summary>What <see cref="TtlvReader"/> is positioned on.</summary>
public enum TtlvTokenType : byte
{
    /// <summary>Nothing read yet.</summary>
    None,
    /// <summary>The header of a Structure; its children follow.</summary>
    StartStructure,
    /// <summary>The end of the Structure opened by the matching <see cref="StartStructure"/>.</summary>
    EndStructure,
    /// <summary>A primitive item (anything but a Structure).</summary>
    Value,
}
