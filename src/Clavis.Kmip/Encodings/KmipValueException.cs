namespace Clavis.Kmip.Encodings;

/// <summary>
/// A value that does not fit its item type. Raised by <see cref="KmipValueText"/>, which knows no location;
/// the XML and JSON readers catch it and throw <see cref="KmipEncodingException"/> saying where.
/// </summary>
internal sealed class KmipValueException(string reason) : Exception(reason);
