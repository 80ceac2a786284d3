using System.Buffers.Binary;
using System.Security.Cryptography;
using Clavis.Core.Keys;
using Clavis.Crypto.Randomness;
using Clavis.Crypto.Symmetric;
using Clavis.Kmip;

namespace Clavis.Core.Crypto;

/// <summary>Builds the AES <see cref="DataCipher"/> a <see cref="SymmetricCipherSpec"/> describes.</summary>
internal static class SymmetricDataCipher
{
    /// <summary>An encryptor. The IV/counter/nonce is the client's when given, else one the server generates and returns.</summary>
    /// <param name="spec">The checked parameters.</param>
    /// <param name="key">The key bytes; copied where the cipher needs them later.</param>
    /// <param name="iv">The request's IV/Counter/Nonce, or null.</param>
    /// <param name="associatedData">The request's Authenticated Encryption Additional Data, or null.</param>
    /// <param name="maxBuffered">The most data a GCM or XTS stream may hold before its final part.</param>
    /// <param name="version">For the failure reasons.</param>
    /// <exception cref="KmipException">The IV or additional data does not fit the mode.</exception>
    /// <param name="schedules">The key's prepared schedules for a cipher that ends within the message, or null.</param>
    public static DataCipher CreateEncryptor(SymmetricCipherSpec spec, ReadOnlySpan<byte> key, byte[]? iv, byte[]? associatedData, int maxBuffered, ProtocolVersion version, KeySchedules? schedules = null)
    {
        CheckAssociatedData(spec, associatedData, version);
        byte[]? generated = null;
        if (spec.Mode != SymmetricMode.Ecb && iv is null)
        {
            if (spec.RandomIv == false && spec.InitialCounterValue is null)
            {
                throw CryptoFailure.InvalidField($"Random IV is False, so {spec.Mode} needs the IV/Counter/Nonce in the request", version);
            }

            // KMIP 2.1 §6.1.18: with Random IV the server generates the IV and returns it in IV/Counter/Nonce.
            // Clavis also does so when Random IV is absent, rather than refuse or use a fixed IV.
            generated = NewIv(spec);
            iv = generated;
        }

        CheckIv(spec, iv, version);
        return Create(spec, key, iv, associatedData, encrypt: true, maxBuffered, generated, schedules);
    }

    /// <summary>A decryptor.</summary>
    /// <exception cref="KmipException">The IV is missing or does not fit the mode.</exception>
    public static DataCipher CreateDecryptor(SymmetricCipherSpec spec, ReadOnlySpan<byte> key, byte[]? iv, byte[]? associatedData, int maxBuffered, ProtocolVersion version, KeySchedules? schedules = null)
    {
        CheckAssociatedData(spec, associatedData, version);
        if (spec.Mode != SymmetricMode.Ecb && iv is null)
        {
            // The OASIS profile cases (CS-BC-M-13) expect Invalid Message when Decrypt lacks the IV.
            throw new KmipException(ResultReason.InvalidMessage, $"Decrypt in {spec.Mode} needs the IV/Counter/Nonce the data was encrypted with");
        }

        CheckIv(spec, iv, version);
        return Create(spec, key, iv, associatedData, encrypt: false, maxBuffered, generatedIv: null, schedules);
    }

    private static DataCipher Create(SymmetricCipherSpec spec, ReadOnlySpan<byte> key, byte[]? iv, byte[]? associatedData, bool encrypt, int maxBuffered, byte[]? generatedIv, KeySchedules? schedules) =>
        spec.Mode switch
        {
            SymmetricMode.Ecb => new ChainedCipher(AesStreamCipher.CreateEcb(key, spec.Padding, encrypt), spec, encrypt),
            SymmetricMode.Cbc => new ChainedCipher(AesStreamCipher.CreateCbc(key, iv, spec.Padding, encrypt), spec, encrypt) { GeneratedIv = generatedIv },
            SymmetricMode.Ctr => new ChainedCipher(AesStreamCipher.CreateCtr(key, iv, spec.CounterBits), spec, encrypt) { GeneratedIv = generatedIv },
            SymmetricMode.Gcm => new GcmCipher(key, iv!, associatedData, spec.TagLength, encrypt, maxBuffered, schedules) { GeneratedIv = generatedIv },
            SymmetricMode.Xts => new XtsCipher(key, iv!, encrypt, maxBuffered) { GeneratedIv = generatedIv },
            _ => throw new ArgumentOutOfRangeException(nameof(spec)),
        };

    private static byte[] NewIv(SymmetricCipherSpec spec)
    {
        byte[] iv = PublicRandom.GetBytes(spec.IvLength);
        if (spec.Mode == SymmetricMode.Ctr && spec.InitialCounterValue is int start)
        {
            // KMIP 2.1 §11 Initial Counter Value: a random nonce in the high bytes, the counter field starting at the value.
            Span<byte> counter = iv.AsSpan(16 - (spec.CounterBits / 8));
            counter.Clear();
            Span<byte> value = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(value, start);
            value[Math.Max(0, 4 - counter.Length)..].CopyTo(counter[Math.Max(0, counter.Length - 4)..]);
        }

        return iv;
    }

    private static void CheckIv(SymmetricCipherSpec spec, byte[]? iv, ProtocolVersion version)
    {
        if (spec.Mode == SymmetricMode.Ecb)
        {
            if (iv is not null)
            {
                throw CryptoFailure.InvalidField("ECB takes no IV/Counter/Nonce", version);
            }

            return;
        }

        if (!spec.IvLengthFixed)
        {
            // SP 800-38D §8.2: GCM takes an IV of any length (96 bits recommended); the OASIS cases use 64 and 480.
            if (!AesGcmCipher.IsValidNonceSize(iv!.Length))
            {
                throw CryptoFailure.InvalidField($"the IV/Counter/Nonce is {iv.Length} bytes; GCM takes 1 to {AesGcmCipher.MaximumNonceSize} (12 recommended)", version);
            }

            return;
        }

        if (iv!.Length != spec.IvLength)
        {
            string what = spec.Mode switch
            {
                SymmetricMode.Gcm => $"GCM with IV Length {spec.IvLength * 8} bits needs {spec.IvLength}",
                SymmetricMode.Xts => "XTS needs a 16-byte tweak, so 16",
                _ => $"{spec.Mode} needs 16",
            };
            throw CryptoFailure.InvalidField($"the IV/Counter/Nonce is {iv.Length} bytes; {what}", version);
        }
    }

    private static void CheckAssociatedData(SymmetricCipherSpec spec, byte[]? associatedData, ProtocolVersion version)
    {
        if (associatedData is not null && spec.Mode != SymmetricMode.Gcm)
        {
            throw CryptoFailure.InvalidField($"Authenticated Encryption Additional Data applies to GCM only, not {spec.Mode}", version);
        }
    }

    /// <summary>ECB, CBC and CTR: output per part as whole blocks are available.</summary>
    private sealed class ChainedCipher(SymmetricStreamCipher cipher, SymmetricCipherSpec spec, bool encrypt) : DataCipher
    {
        private long _total;

        public override byte[] Update(ReadOnlySpan<byte> data)
        {
            _total += data.Length;
            return cipher.Update(data);
        }

        public override DataCipherOutput Final(ReadOnlySpan<byte> data, byte[]? tag)
        {
            _total += data.Length;
            if (spec.Mode != SymmetricMode.Ctr && (!spec.Padding || !encrypt) && _total % 16 != 0)
            {
                string why = encrypt ? "and Padding Method is None" : "as every ciphertext of this mode is";
                throw new KmipException(ResultReason.InvalidField, $"{spec.Mode} data must be a whole number of 16-byte blocks {why}; it is {_total} bytes");
            }

            try
            {
                return new DataCipherOutput(cipher.Final(data), null);
            }
            catch (CryptographicException) when (!encrypt)
            {
                // Reached only with PKCS#5 padding: the last block does not unpad.
                throw new KmipException(ResultReason.CryptographicFailure, $"{spec.Mode} decryption failed: the padding does not verify (wrong key or IV, or altered data)");
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                cipher.Dispose();
            }
        }
    }

    /// <summary>
    /// GCM: the BCL's AES-GCM is one-shot, so a stream buffers its parts until the final one. That is also what
    /// decryption must do anyway: no plaintext is released before the tag has been verified.
    /// </summary>
    private sealed class GcmCipher : DataCipher
    {
        private readonly byte[] _key;
        private readonly byte[] _nonce;
        private readonly byte[]? _associatedData;
        private readonly int _tagLength;
        private readonly bool _encrypt;
        private readonly PartBuffer _parts;
        private readonly KeySchedules? _schedules;

        public GcmCipher(ReadOnlySpan<byte> key, byte[] nonce, byte[]? associatedData, int tagLength, bool encrypt, int maxBuffered, KeySchedules? schedules)
        {
            _key = key.ToArray();
            _schedules = schedules;
            _nonce = nonce;
            _associatedData = associatedData;
            _tagLength = tagLength;
            _encrypt = encrypt;
            _parts = new PartBuffer(maxBuffered, "GCM");
        }

        public override byte[] Update(ReadOnlySpan<byte> data)
        {
            _parts.Append(data);
            return [];
        }

        public override DataCipherOutput Final(ReadOnlySpan<byte> data, byte[]? tag)
        {
            byte[]? joined = _parts.Join(data);
            ReadOnlySpan<byte> input = joined ?? data;
            try
            {
                byte[] output = new byte[input.Length];
                if (_encrypt)
                {
                    byte[] newTag = new byte[_tagLength];
                    if (Prepared() is { } gcm)
                    {
                        gcm.Encrypt(_nonce, input, output, newTag, _associatedData);
                    }
                    else
                    {
                        AesGcmCipher.Encrypt(_key, _nonce, input, output, newTag, _associatedData);
                    }

                    return new DataCipherOutput(output, newTag);
                }

                if (tag is null)
                {
                    throw new KmipException(ResultReason.InvalidField, "GCM decryption needs the Authenticated Encryption Tag");
                }

                if (!AesGcmCipher.IsValidTagSize(tag.Length) || tag.Length != _tagLength)
                {
                    throw new KmipException(ResultReason.InvalidField, $"the Authenticated Encryption Tag is {tag.Length} bytes; Tag Length says {_tagLength} (12 to 16 are served)");
                }

                if (!(Prepared() is { } prepared ? TryDecrypt(prepared, input, tag, output) : AesGcmCipher.TryDecrypt(_key, _nonce, input, tag, output, _associatedData)))
                {
                    // KMIP 2.1 §6.1.16: if the tag does not verify, the operation fails.
                    throw new KmipException(ResultReason.CryptographicFailure, "GCM decryption failed: the Authenticated Encryption Tag does not verify (wrong key, IV or additional data, or altered data or tag)");
                }

                return new DataCipherOutput(output, null);
            }
            finally
            {
                if (joined is not null)
                {
                    CryptographicOperations.ZeroMemory(joined);
                }
            }
        }

        // The BCL's AesGcm serves 12-byte nonces; other lengths go through AesGcmCipher's own path with the key.
        private AesGcm? Prepared() =>
            _schedules is not null && _nonce.Length == AesGcmCipher.DefaultNonceSize ? _schedules.Gcm(_key, _tagLength) : null;

        private bool TryDecrypt(AesGcm gcm, ReadOnlySpan<byte> input, byte[] tag, byte[] output)
        {
            try
            {
                gcm.Decrypt(_nonce, input, tag, output, _associatedData);
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                return false;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                CryptographicOperations.ZeroMemory(_key);
                _parts.Dispose();
            }
        }
    }

    /// <summary>XTS: one data unit, so a stream buffers its parts until the final one.</summary>
    private sealed class XtsCipher : DataCipher
    {
        private readonly byte[] _key;
        private readonly byte[] _tweak;
        private readonly bool _encrypt;
        private readonly PartBuffer _parts;

        public XtsCipher(ReadOnlySpan<byte> key, byte[] tweak, bool encrypt, int maxBuffered)
        {
            _key = key.ToArray();
            _tweak = tweak;
            _encrypt = encrypt;
            _parts = new PartBuffer(maxBuffered, "XTS");
        }

        public override byte[] Update(ReadOnlySpan<byte> data)
        {
            _parts.Append(data);
            return [];
        }

        public override DataCipherOutput Final(ReadOnlySpan<byte> data, byte[]? tag)
        {
            byte[]? joined = _parts.Join(data);
            ReadOnlySpan<byte> input = joined ?? data;
            try
            {
                if (input.Length < 16)
                {
                    throw new KmipException(ResultReason.InvalidField, $"an XTS data unit is at least 16 bytes; this one is {input.Length}");
                }

                if (_key.AsSpan(0, _key.Length / 2).SequenceEqual(_key.AsSpan(_key.Length / 2)))
                {
                    // SP 800-38E: the two halves of an XTS key must differ.
                    throw new KmipException(ResultReason.CryptographicFailure, "this key's two halves are equal, which XTS forbids");
                }

                byte[] output = _encrypt ? AesXtsCipher.Encrypt(_key, _tweak, input) : AesXtsCipher.Decrypt(_key, _tweak, input);
                return new DataCipherOutput(output, null);
            }
            finally
            {
                if (joined is not null)
                {
                    CryptographicOperations.ZeroMemory(joined);
                }
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                CryptographicOperations.ZeroMemory(_key);
                _parts.Dispose();
            }
        }
    }
}
