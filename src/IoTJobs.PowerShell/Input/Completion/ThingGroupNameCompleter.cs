using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using IoTJobs.Client;

namespace IoTJobs.PowerShell.Input.Completion
{
    /// <summary>Completes -ThingGroupName from the account's thing groups (ListThingGroups); see <see cref="ServiceNameCompleter"/>.</summary>
    public sealed class ThingGroupNameCompleter : ServiceNameCompleter
    {
        protected override string Kind => "thing groups";

        protected override async IAsyncEnumerable<string> ListNamesAsync(IIoTJobsClient client, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var group in client.ListThingGroupsAsync(new ListThingGroupsRequest { PageSize = 250 }, cancellationToken).ConfigureAwait(false))
            {
                if (group.ThingGroupName != null) yield return group.ThingGroupName;
            }
        }
    }
}
