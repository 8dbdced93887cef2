using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using static IoTJobs.Client.Operations.IotRestJson;

namespace IoTJobs.Client.Operations
{
    /// <summary>Jobs: DescribeJob, ListJobs and CancelJob.</summary>
    internal sealed class JobOperations
    {
        private readonly IotRestJson _api;

        public JobOperations(IotRestJson api) => _api = api;

        public async Task<JobData> DescribeAsync(string jobId, CancellationToken cancellationToken)
        {
            Require(jobId, nameof(jobId));
            return await _api.ReadAsync("DescribeJob", HttpMethod.Get, $"jobs/{Label(jobId)}", null, null,
                root => ModelReader.Job(Json.Obj(root, "job")), cancellationToken).ConfigureAwait(false);
        }

        public IAsyncEnumerable<JobData> ListAsync(ListJobsRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var query = new QueryString().AddIfSet("status", request.Status).AddIfSet("targetSelection", request.TargetSelection)
                .AddPageSize(request.PageSize).AddIfSet("thingGroupName", request.ThingGroupName).AddIfSet("thingGroupId", request.ThingGroupId)
                .AddIfSet("namespaceId", request.NamespaceId);
            return _api.ListAsync("ListJobs", "jobs", query, Items("jobs", ModelReader.Job), cancellationToken);
        }

        public async Task<CancelJobResult> CancelAsync(CancelJobRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            Require(request.JobId, "JobId");
            var body = Body(w =>
            {
                if (request.ReasonCode != null) w.WriteString("reasonCode", request.ReasonCode);
                if (request.Comment != null) w.WriteString("comment", request.Comment);
            });
            const string op = "CancelJob";
            var bytes = await _api.SendAsync(op, HttpMethod.Put, $"jobs/{Label(request.JobId)}/cancel",
                new QueryString().AddFlag("force", request.Force), body, cancellationToken).ConfigureAwait(false);
            if (bytes.Length == 0) return new CancelJobResult();
            using var doc = ParseSuccess(op, bytes);
            return ModelReader.CancelJob(doc.RootElement);
        }
    }
}
