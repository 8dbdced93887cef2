using System.Globalization;
using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Handlers.JobExecutions;

/// <summary>DeleteJobExecution, DELETE /things/{thingName}/jobs/{jobId}/executionNumber/{executionNumber}?force=; no output.</summary>
internal sealed class DeleteJobExecution() : JsonOperation(Operations.DeleteJobExecution)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        string text = r.Label("executionNumber");
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long number))
            throw EmulatorApiException.InvalidRequest($"executionNumber '{(text.Length > 300 ? text[..300] + "..." : text)}' is not a valid integer.");
        bool force = r.Input.QueryBool("force") ?? false;
        string? ns = r.Input.Query("namespaceId");
        if (ns != null) Validation.Namespace(ns);
        r.Store.DeleteJobExecution(r.Label("thingName"), r.Label("jobId"), number, force);
        EmptyObject(w);
    }
}
