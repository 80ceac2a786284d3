using Clavis.Core.Barrier;
using WireManagedObject = Clavis.Kmip.Messages.ManagedObject;

namespace Clavis.Core.Keys;

/// <summary>
/// Key bodies one request message has opened, so that a batch of uses of one key (ten Encrypts under it) opens it
/// once instead of once per item (bench/RESULTS.md: the barrier's AES-GCM and the body decode were the per-item
/// cost after the working copy). Found by the object's identifier and its sealed material's data key and nonce, so
/// material that changed (re-keyed, re-sealed, destroyed) is never served from here; every other check of
/// <see cref="KeyUse"/> still runs per item on the object as the request sees it then. Lives for one message and
/// zeroes every body, and frees its prepared <see cref="KeySchedules"/>, in <see cref="Erase"/>; nothing outlives
/// the message.
/// </summary>
internal sealed class OpenedBodies
{
    private readonly List<(string Id, SealedMaterial Sealed, WireManagedObject Body, KeySchedules Schedules)> _bodies = [];

    /// <summary>The opened body of <paramref name="sealedMaterial"/>, from this message's earlier use or opened now, with its key schedules.</summary>
    public (WireManagedObject Body, KeySchedules Schedules) Open(KeyMaterialBarrier barrier, string id, SealedMaterial sealedMaterial)
    {
        foreach ((string knownId, SealedMaterial known, WireManagedObject body, KeySchedules schedules) in _bodies)
        {
            if (string.Equals(knownId, id, StringComparison.Ordinal)
                && string.Equals(known.DataKeyId, sealedMaterial.DataKeyId, StringComparison.Ordinal)
                && known.Nonce.AsSpan().SequenceEqual(sealedMaterial.Nonce)
                && known.Ciphertext.AsSpan().SequenceEqual(sealedMaterial.Ciphertext))
            {
                return (body, schedules);
            }
        }

        WireManagedObject opened = Objects.ObjectBodyCodec.Open(barrier, id, sealedMaterial);
        var prepared = new KeySchedules();

        // Copies of the sealed bytes: the comparison must not depend on arrays another holder could change.
        _bodies.Add((id, sealedMaterial with { Nonce = [.. sealedMaterial.Nonce], Ciphertext = [.. sealedMaterial.Ciphertext] }, opened, prepared));
        return (opened, prepared);
    }

    /// <summary>Zeroes and forgets every body, and frees every key schedule prepared from one.</summary>
    public void Erase()
    {
        foreach ((_, _, WireManagedObject body, KeySchedules schedules) in _bodies)
        {
            schedules.Dispose();
            UsableKey.Erase(body);
        }

        _bodies.Clear();
    }
}
