using Clavis.Core.Access;
using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Locate (KMIP 1.4 §4.9, 2.1 §6.1.27): the identifiers of the objects the client may see that match every
/// requested attribute, the Storage Status Mask (on line only by default) and the Object Group Member option,
/// in creation order, after Offset Items, at most Maximum Items (default <see cref="KmipServerOptions.LocateDefaultMaximumItems"/>),
/// with Located Items (1.3+) counting every match. The store narrows the candidates by its indexes
/// (<see cref="LocateFilter.ToQuery"/>); <see cref="LocateFilter"/> decides.
/// </summary>
/// <remarks>Counting Located Items reads every candidate the indexes let through.</remarks>
public sealed class LocateHandler : OperationHandler<LocateRequestPayload, LocateResponsePayload>
{
    private const int PageSize = 256;

    /// <inheritdoc/>
    public override Operation Operation => Operation.Locate;

    /// <inheritdoc/>
    protected override async ValueTask<LocateResponsePayload> HandleAsync(LocateRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        if (request.MaximumItems is < 0 || request.OffsetItems is < 0)
        {
            KmipException.ThrowInvalidField("Maximum Items and Offset Items cannot be negative");
        }

        LocateFilter filter = LocateFilter.Create(request, context.Version);
        // Policy decides what each client may see (owners, grants, operator statements), so the store cannot filter by
        // owner; every candidate is asked about below.
        ObjectQuery query = filter.ToQuery(null) with { Limit = PageSize };
        int offset = request.OffsetItems ?? 0;
        int maximum = request.MaximumItems ?? context.Services.Options.LocateDefaultMaximumItems;
        var located = new List<string>();
        int matched = 0;
        string? newest = null;
        while (true)
        {
            IReadOnlyList<string> page = await context.Objects.Store.LocateAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (string id in page)
            {
                if (await context.Objects.FindAsync(id, cancellationToken).ConfigureAwait(false) is not ManagedObject candidate
                    || !await AccessControl.AllowsAsync(context, Operation.Locate, candidate, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                if (ObjectLifecycle.ApplyDueTransitions(candidate, context.Now))
                {
                    context.Objects.Update(candidate);
                }

                if (!filter.Matches(candidate))
                {
                    continue;
                }

                // Group Member Default keeps the newest Active match (Clavis's policy for "the default object").
                if (candidate.State == State.Active)
                {
                    newest = candidate.Id;
                }

                // KMIP 1.3 §4.9: Offset Items skips that many matches; Located Items counts them all.
                if (matched >= offset && located.Count < maximum)
                {
                    located.Add(candidate.Id);
                }

                matched++;
            }

            if (page.Count < PageSize)
            {
                break;
            }

            query = query with { AfterId = page[^1] };
        }

        if (request.ObjectGroupMember == ObjectGroupMember.GroupMemberDefault)
        {
            // KMIP 1.4 §4.9: Group Member Default locates the default object of the group, as server policy defines it.
            located = newest is not null && offset == 0 && maximum > 0 ? [newest] : [];
            matched = newest is null ? 0 : 1;
        }

        // KMIP 1.4 §4.9: when one identifier is returned it goes into the ID Placeholder — also when Maximum
        // Items cut a longer match to one, as the OASIS test cases TC-152-11/12 batch Locate with Get; otherwise
        // it is emptied so batched operations that rely on it fail rather than act on the wrong object.
        context.IdPlaceholder = located.Count == 1 ? located[0] : null;
        return new LocateResponsePayload { LocatedItems = matched, UniqueIdentifier = located };
    }
}
