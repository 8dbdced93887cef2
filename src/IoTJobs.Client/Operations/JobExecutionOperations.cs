using System.Globalization;
using static IoTJobs.Client.Operations.IotRestJson;

namespace IoTJobs.Client.Operations
{
    /// <summary>Job executions on the control plane: CancelJobExecution, DescribeJobExecution and the two lists.</summary>
    internal static class JobExecutionOperations
    {
        public static async Task CancelJobExecutionAsync(this IotRestJson api, CancelJobExecutionRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            Require(request.ThingName, "ThingName");
            Require(request.JobId, "JobId");
            var body = Body(w =>
            {
                if (request.ExpectedVersion.HasValue) w.WriteNumber("expectedVersion", request.ExpectedVersion.Value);
                if (request.StatusDetails != null)
                {
                    w.WriteStartObject("statusDetails");
                    foreach (var kv in request.StatusDetails) w.WriteString(kv.Key, kv.Value);
                    w.WriteEndObject();
                }
            });
            await api.SendAsync("CancelJobExecution", HttpMethod.Put, $"things/{Label(request.ThingName)}/jobs/{Label(request.JobId)}/cancel",
                new QueryString().AddFlag("force", request.Force), body, cancellationToken).ConfigureAwait(false);
        }

        public static async Task<JobExecutionData> DescribeJobExecutionAsync(this IotRestJson api, string thingName, string jobId, long? executionNumber, CancellationToken cancellationToken)
        {
            Require(thingName, nameof(thingName));
            Require(jobId, nameof(jobId));
            var query = new QueryString();
            if (executionNumber.HasValue) query.Add("executionNumber", executionNumber.Value.ToString(CultureInfo.InvariantCulture));
            return await api.ReadAsync("DescribeJobExecution", HttpMethod.Get, $"things/{Label(thingName)}/jobs/{Label(jobId)}", query, null,
                root => ModelReader.JobExecution(Json.Obj(root, "execution")), cancellationToken).ConfigureAwait(false);
        }

        public static IAsyncEnumerable<JobExecutionSummaryData> ListJobExecutionsForJobAsync(this IotRestJson api, ListJobExecutionsForJobRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            Require(request.JobId, "JobId");
            var query = new QueryString().AddIfSet("status", request.Status).AddPageSize(request.PageSize);
            return api.ListAsync("ListJobExecutionsForJob", $"jobs/{Label(request.JobId)}/things", query,
                Items("executionSummaries", ModelReader.ExecutionSummary), cancellationToken);
        }

        public static IAsyncEnumerable<JobExecutionSummaryData> ListJobExecutionsForThingAsync(this IotRestJson api, ListJobExecutionsForThingRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            Require(request.ThingName, "ThingName");
            var query = new QueryString().AddIfSet("status", request.Status).AddIfSet("namespaceId", request.NamespaceId)
                .AddPageSize(request.PageSize).AddIfSet("jobId", request.JobId);
            return api.ListAsync("ListJobExecutionsForThing", $"things/{Label(request.ThingName)}/jobs", query,
                Items("executionSummaries", ModelReader.ExecutionSummary), cancellationToken);
        }
    }
}
