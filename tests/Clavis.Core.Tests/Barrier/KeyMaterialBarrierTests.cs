using System.Security.Cryptography;
using Clavis.Core.Barrier;
using Clavis.Core.Ports;
using Clavis.Crypto.Secrets;
using Clavis.Seals.KeyFile;

namespace Clavis.Core.Tests.Barrier;

public sealed class KeyMaterialBarrierTests : IDisposable
{
    private static readonly byte[] s_cleartext = RandomNumberGenerator.GetBytes(32);
    private readonly TemporaryDirectory _directory = new();
    private readonly InMemoryDataKeyStore _store = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Sealed_material_opens_to_the_original_cleartext()
    {
        using KeyFileSeal seal = OpenSeal();
        using KeyMaterialBarrier barrier = await KeyMaterialBarrier.OpenAsync(seal, _store, CancellationToken.None);

        SealedMaterial material = barrier.Seal("object-1", s_cleartext);

        Assert.Equal(barrier.CurrentDataKeyId, material.DataKeyId);
        Assert.Equal(12, material.Nonce.Length);
        Assert.Equal(s_cleartext.Length + 16, material.Ciphertext.Length);
        Assert.Equal(-1, material.Ciphertext.AsSpan().IndexOf(s_cleartext));
        using SecretBytes opened = barrier.Open("object-1", material);
        Assert.True(opened.FixedTimeEquals(s_cleartext));
    }

    [Fact]
    public async Task Material_opened_under_another_object_id_fails()
    {
        using KeyFileSeal seal = OpenSeal();
        using KeyMaterialBarrier barrier = await KeyMaterialBarrier.OpenAsync(seal, _store, CancellationToken.None);
        SealedMaterial material = barrier.Seal("object-1", s_cleartext);

        Assert.ThrowsAny<CryptographicException>(() => barrier.Open("object-2", material));
    }

    [Theory]
    [InlineData("ciphertext")]
    [InlineData("tag")]
    [InlineData("nonce")]
    [InlineData("truncated")]
    public async Task Tampered_material_fails_to_open(string part)
    {
        using KeyFileSeal seal = OpenSeal();
        using KeyMaterialBarrier barrier = await KeyMaterialBarrier.OpenAsync(seal, _store, CancellationToken.None);
        SealedMaterial material = barrier.Seal("object-1", s_cleartext);
        byte[] nonce = material.Nonce.ToArray();
        byte[] ciphertext = material.Ciphertext.ToArray();
        switch (part)
        {
            case "ciphertext":
                ciphertext[0] ^= 1;
                break;
            case "tag":
                ciphertext[^1] ^= 0x80;
                break;
            case "nonce":
                nonce[5] ^= 1;
                break;
            default:
                ciphertext = ciphertext[..10];
                break;
        }

        Assert.ThrowsAny<CryptographicException>(() => barrier.Open("object-1", material with { Nonce = nonce, Ciphertext = ciphertext }));
    }

    [Fact]
    public async Task Material_under_an_unknown_data_key_fails_with_SealException()
    {
        using KeyFileSeal seal = OpenSeal();
        using KeyMaterialBarrier barrier = await KeyMaterialBarrier.OpenAsync(seal, _store, CancellationToken.None);
        SealedMaterial material = barrier.Seal("object-1", s_cleartext);

        Assert.Throws<SealException>(() => barrier.Open("object-1", material with { DataKeyId = "dk-unknown" }));
    }

    [Fact]
    public async Task Data_key_rotation_seals_new_material_under_the_new_key_and_keeps_old_material_readable()
    {
        SealedMaterial before;
        SealedMaterial after;
        string rotated;
        using (KeyFileSeal seal = OpenSeal())
        using (KeyMaterialBarrier barrier = await KeyMaterialBarrier.OpenAsync(seal, _store, CancellationToken.None))
        {
            before = barrier.Seal("object-1", s_cleartext);
            rotated = await barrier.RotateDataKeyAsync(CancellationToken.None);
            after = barrier.Seal("object-2", s_cleartext);

            Assert.NotEqual(before.DataKeyId, rotated);
            Assert.Equal(rotated, after.DataKeyId);
            using SecretBytes old = barrier.Open("object-1", before);
            Assert.True(old.FixedTimeEquals(s_cleartext));
        }

        Assert.Equal(2, _store.Keys.Count);
        using KeyFileSeal reopenedSeal = OpenSeal();
        using KeyMaterialBarrier reopened = await KeyMaterialBarrier.OpenAsync(reopenedSeal, _store, CancellationToken.None);
        Assert.Equal(rotated, reopened.CurrentDataKeyId);
        using SecretBytes first = reopened.Open("object-1", before);
        using SecretBytes second = reopened.Open("object-2", after);
        Assert.True(first.FixedTimeEquals(s_cleartext));
        Assert.True(second.FixedTimeEquals(s_cleartext));
    }

    [Fact]
    public async Task Master_key_rotation_rewraps_every_data_key_and_a_reopened_barrier_reads_everything()
    {
        SealedMaterial before;
        SealedMaterial after;
        string masterKeyId;
        using (KeyFileSeal seal = OpenSeal())
        using (KeyMaterialBarrier barrier = await KeyMaterialBarrier.OpenAsync(seal, _store, CancellationToken.None))
        {
            before = barrier.Seal("object-1", s_cleartext);
            await barrier.RotateDataKeyAsync(CancellationToken.None);
            string oldMasterKeyId = seal.CurrentMasterKeyId;
            masterKeyId = await barrier.RotateMasterKeyAsync(CancellationToken.None);
            after = barrier.Seal("object-2", s_cleartext);

            Assert.NotEqual(oldMasterKeyId, masterKeyId);
            Assert.Equal(masterKeyId, seal.CurrentMasterKeyId);
        }

        Assert.Equal(2, _store.Keys.Count);
        Assert.All(_store.Keys, k => Assert.Equal(masterKeyId, k.Wrapped.MasterKeyId));
        using KeyFileSeal reopenedSeal = OpenSeal();
        using KeyMaterialBarrier reopened = await KeyMaterialBarrier.OpenAsync(reopenedSeal, _store, CancellationToken.None);
        using SecretBytes first = reopened.Open("object-1", before);
        using SecretBytes second = reopened.Open("object-2", after);
        Assert.True(first.FixedTimeEquals(s_cleartext));
        Assert.True(second.FixedTimeEquals(s_cleartext));
    }

    [Fact]
    public async Task First_open_creates_one_data_key_wrapped_by_the_seal_and_reopening_keeps_it()
    {
        string first;
        using (KeyFileSeal seal = OpenSeal())
        using (KeyMaterialBarrier barrier = await KeyMaterialBarrier.OpenAsync(seal, _store, CancellationToken.None))
        {
            first = barrier.CurrentDataKeyId;
            DataKeyRecord record = Assert.Single(_store.Keys);
            Assert.Equal(first, record.Id);
            Assert.Equal(seal.CurrentMasterKeyId, record.Wrapped.MasterKeyId);
        }

        using KeyFileSeal reopenedSeal = OpenSeal();
        using KeyMaterialBarrier reopened = await KeyMaterialBarrier.OpenAsync(reopenedSeal, _store, CancellationToken.None);
        Assert.Equal(first, reopened.CurrentDataKeyId);
        Assert.Single(_store.Keys);
    }

    [Fact]
    public async Task Very_long_object_identifiers_seal_and_open()
    {
        using KeyFileSeal seal = OpenSeal();
        using KeyMaterialBarrier barrier = await KeyMaterialBarrier.OpenAsync(seal, _store, CancellationToken.None);
        string id = new('x', 1 << 20);

        SealedMaterial material = barrier.Seal(id, s_cleartext);

        using SecretBytes opened = barrier.Open(id, material);
        Assert.True(opened.FixedTimeEquals(s_cleartext));
    }

    private KeyFileSeal OpenSeal() => KeyFileSeal.Open(new KeyFileSealOptions
    {
        Path = _directory.File("master.key"),
        Passphrase = "correct horse".ToCharArray(),
        Iterations = 1000,
    });
}
