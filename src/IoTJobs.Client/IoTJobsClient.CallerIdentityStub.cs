using System;
using System.Threading;
using System.Threading.Tasks;

namespace IoTJobs.Client
{
    // TEMPORARY (branch issue-safety): replaced by the client branch's STS implementation at merge.
    public sealed partial class IoTJobsClient
    {
        public Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("GetCallerIdentity arrives with the client branch.");
    }
}
