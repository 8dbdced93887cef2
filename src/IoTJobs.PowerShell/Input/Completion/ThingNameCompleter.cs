using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using IoTJobs.Client;

namespace IoTJobs.PowerShell.Input.Completion
{
    /// <summary>Completes -ThingName from the account's things (ListThings), prefix-filtered; see <see cref="ServiceNameCompleter"/>.</summary>
    public sealed class ThingNameCompleter : ServiceNameCompleter
    {
        protected override string Kind => "things";

        protected override async IAsyncEnumerable<string> ListNamesAsync(IIoTJobsClient client, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var thing in client.ListThingsAsync(new ListThingsRequest { PageSize = 250 }, cancellationToken).ConfigureAwait(false))
            {
                if (thing.ThingName != null) yield return thing.ThingName;
            }
        }
    }
}
