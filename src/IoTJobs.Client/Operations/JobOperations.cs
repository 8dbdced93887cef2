using static IoTJobs.Client.Operations.IotRestJson;

namespace IoTJobs.Client.Operations
{
    /// <summary>Jobs: DescribeJob, ListJobs and CancelJob.</summary>
    internal static class JobOperations
    {
        public static Task<JobData> DescribeJobAsync(this IotRestJson api, string jobId, CancellationToken cancellationToken) =>
            api.GetResourceAsync("DescribeJob", nameof(jobId), jobId, label => $"jobs/{label}", root => ModelReader.Job(Json.Obj(root, "job")), cancellationToken);

        public static IAsyncEnumerable<JobData> ListJobsAsync(this IotRestJson api, ListJobsRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var query = new QueryString().AddIfSet("status", request.Status).AddIfSet("targetSelection", request.TargetSelection)
                .AddPageSize(request.PageSize).AddIfSet("thingGroupName", request.ThingGroupName).AddIfSet("thingGroupId", request.ThingGroupId)
                .AddIfSet("namespaceId", request.NamespaceId);
            return api.ListAsync("ListJobs", "jobs", query, Items("jobs", ModelReader.Job), cancellationToken);
        }

        public static async Task<CancelJobResult> CancelJobAsync(this IotRestJson api, CancelJobRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            Require(request.JobId, "JobId");
            var body = Body(w =>
            {
                if (request.ReasonCode != null) w.WriteString("reasonCode", request.ReasonCode);
                if (request.Comment != null) w.WriteString("comment", request.Comment);
            });
            const string op = "CancelJob";
            var bytes = await api.SendAsync(op, HttpMethod.Put, $"jobs/{Label(request.JobId)}/cancel",
                new QueryString().AddFlag("force", request.Force), body, cancellationToken).ConfigureAwait(false);
            if (bytes.Length == 0) return new CancelJobResult();
            using var doc = ParseSuccess(op, bytes);
            return ModelReader.CancelJob(doc.RootElement);
        }
    }
}
