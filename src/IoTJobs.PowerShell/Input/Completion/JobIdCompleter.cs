using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using IoTJobs.Client;

namespace IoTJobs.PowerShell.Input.Completion
{
    /// <summary>Completes -JobId from the account's jobs (ListJobs), prefix-filtered; see <see cref="ServiceNameCompleter"/>.</summary>
    public sealed class JobIdCompleter : ServiceNameCompleter
    {
        protected override string Kind => "jobs";

        protected override async IAsyncEnumerable<string> ListNamesAsync(IIoTJobsClient client, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var job in client.ListJobsAsync(new ListJobsRequest { PageSize = 250 }, cancellationToken).ConfigureAwait(false))
            {
                if (job.JobId != null) yield return job.JobId;
            }
        }
    }
}
