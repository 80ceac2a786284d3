using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Kmip;

namespace Clavis.Core.Tests.Lifecycle;

public sealed class ObjectSuspensionTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_suspended_Active_key_is_not_usable_until_resumed()
    {
        var key = new ManagedObject("k", ObjectType.SymmetricKey, State.Active, new AttributeSet());
        Assert.True(ObjectLifecycle.IsUsable(key));

        ObjectSuspension.Suspend(key, "audit finding 7", s_now);
        Assert.False(ObjectLifecycle.IsUsable(key));
        Assert.False(ObjectLifecycle.IsUsableForProcessing(key));
        Assert.Equal(s_now, ObjectSuspension.SuspendedAt(key));
        Assert.Equal(State.Active, key.State);

        ObjectSuspension.Resume(key, s_now.AddHours(1));
        Assert.True(ObjectLifecycle.IsUsable(key));
        Assert.False(key.Attributes.Contains(ObjectSuspension.ReasonKey));
        Assert.Equal(s_now.AddHours(1), key.Attributes.GetDateTime(Tag.LastChangeDate));
    }

    [Fact]
    public void Suspending_twice_or_resuming_an_unsuspended_object_is_refused()
    {
        var key = new ManagedObject("k", ObjectType.SymmetricKey, State.Active, new AttributeSet());
        Assert.Equal(ResultReason.WrongKeyLifecycleState, Assert.Throws<KmipException>(() => ObjectSuspension.Resume(key, s_now)).Reason);
        ObjectSuspension.Suspend(key, "r", s_now);
        Assert.Equal(ResultReason.WrongKeyLifecycleState, Assert.Throws<KmipException>(() => ObjectSuspension.Suspend(key, "r", s_now)).Reason);
    }

    [Fact]
    public void The_stored_suspension_attribute_names_never_change()
    {
        // STABLE FORMAT: renaming these resumes every suspended object in every store. If this fails, keep the old
        // names or migrate stored objects before merging.
        Assert.Equal(AttributeKey.Vendor("y", "ClavisSuspended"), ObjectSuspension.SuspendedKey);
        Assert.Equal(AttributeKey.Vendor("y", "ClavisSuspensionReason"), ObjectSuspension.ReasonKey);
    }

    [Fact]
    public void A_suspension_survives_the_stored_attribute_codec()
    {
        var key = new ManagedObject("k", ObjectType.SymmetricKey, State.Active, new AttributeSet());
        ObjectSuspension.Suspend(key, "r", s_now);
        var stored = new ManagedObject("k", ObjectType.SymmetricKey, State.Active, AttributeSetCodec.Decode(AttributeSetCodec.Encode(key.Attributes)));
        Assert.True(ObjectSuspension.IsSuspended(stored));
        Assert.False(ObjectLifecycle.IsUsable(stored));
    }
}
