using IoTJobs.Emulator.Handlers;
using IoTJobs.Emulator.Handlers.DataPlane;
using IoTJobs.Emulator.Handlers.FleetIndexing;
using IoTJobs.Emulator.Handlers.JobExecutions;
using IoTJobs.Emulator.Handlers.Jobs;
using IoTJobs.Emulator.Handlers.Shadows;
using IoTJobs.Emulator.Handlers.Sts;
using IoTJobs.Emulator.Handlers.ThingGroups;
using IoTJobs.Emulator.Handlers.Things;

namespace IoTJobs.Emulator.Http;

/// <summary>Which API a request is for: the SigV4 credential-scope service picks it (Shadow: botocore's iot-data).</summary>
internal enum Plane { Control, Data, Shadow, Sts }

/// <summary>
/// Every operation the emulator serves, one line each: plane, method, path template ({label} = a path label the
/// handler reads with OperationRequest.Label), handler. Within a plane the first line that matches wins, so literal
/// paths come before labels of the same shape.
/// </summary>
internal static class Routes
{
    public static readonly IReadOnlyList<Route> All = new Route[]
    {
        // Control plane: credential scope 'iot' (or 'execute-api', which older SDKs sign with).
        new(Plane.Control, "GET", "/things", new ListThings()),
        new(Plane.Control, "GET", "/things/{thingName}", new DescribeThing()),
        new(Plane.Control, "POST", "/things/{thingName}", new CreateThing()),
        new(Plane.Control, "GET", "/things/{thingName}/jobs", new ListJobExecutionsForThing()),
        new(Plane.Control, "GET", "/things/{thingName}/thing-groups", new ListThingGroupsForThing()),
        new(Plane.Control, "GET", "/things/{thingName}/jobs/{jobId}", new Handlers.JobExecutions.DescribeJobExecution()),
        new(Plane.Control, "PUT", "/things/{thingName}/jobs/{jobId}/cancel", new CancelJobExecution()),
        new(Plane.Control, "DELETE", "/things/{thingName}/jobs/{jobId}/executionNumber/{executionNumber}", new DeleteJobExecution()),
        new(Plane.Control, "GET", "/jobs", new ListJobs()),
        new(Plane.Control, "GET", "/jobs/{jobId}", new DescribeJob()),
        new(Plane.Control, "PUT", "/jobs/{jobId}", new CreateJob()),
        new(Plane.Control, "DELETE", "/jobs/{jobId}", new DeleteJob()),
        new(Plane.Control, "PUT", "/jobs/{jobId}/cancel", new CancelJob()),
        new(Plane.Control, "GET", "/jobs/{jobId}/things", new ListJobExecutionsForJob()),
        new(Plane.Control, "POST", "/jobs/{jobId}/targets", new AssociateTargetsWithJob()),
        new(Plane.Control, "GET", "/thing-groups", new ListThingGroups()),
        new(Plane.Control, "PUT", "/thing-groups/addThingToThingGroup", new AddThingToThingGroup()),
        new(Plane.Control, "PUT", "/thing-groups/removeThingFromThingGroup", new RemoveThingFromThingGroup()),
        new(Plane.Control, "POST", "/thing-groups/{thingGroupName}", new CreateThingGroup()),
        new(Plane.Control, "GET", "/thing-groups/{thingGroupName}", new DescribeThingGroup()),
        new(Plane.Control, "GET", "/thing-groups/{thingGroupName}/things", new ListThingsInThingGroup()),
        new(Plane.Control, "POST", "/indexing/config", new UpdateIndexingConfiguration()),
        new(Plane.Control, "GET", "/indexing/config", new GetIndexingConfiguration()),
        new(Plane.Control, "POST", "/indices/search", new SearchIndex()),

        // Jobs data plane: credential scope 'iot-jobs-data'.
        new(Plane.Data, "GET", "/things/{thingName}/jobs", new GetPendingJobExecutions()),
        new(Plane.Data, "PUT", "/things/{thingName}/jobs/$next", new StartNextPendingJobExecution()),
        new(Plane.Data, "GET", "/things/{thingName}/jobs/{jobId}", new Handlers.DataPlane.DescribeJobExecution()),
        new(Plane.Data, "POST", "/things/{thingName}/jobs/{jobId}", new UpdateJobExecution()),

        // IoT data plane, Device Shadow (iot-data): credential scope 'iotdata' (botocore), or 'iotdevicegateway'.
        new(Plane.Shadow, "POST", "/things/{thingName}/shadow", new UpdateThingShadow()),
        new(Plane.Shadow, "GET", "/things/{thingName}/shadow", new GetThingShadow()),

        // STS (credential scope 'sts'): the Query protocol picks the operation by its Action parameter.
        new(Plane.Sts, "POST", "/", new GetCallerIdentity()),
    };

    /// <summary>The plane a credential-scope service signs for, or null for a service the emulator does not serve.</summary>
    public static Plane? PlaneOf(string service) => service switch
    {
        "iot" or "execute-api" => Plane.Control,
        "iot-jobs-data" => Plane.Data,
        // botocore's iot-data model signs as 'iotdata'; the Developer Guide's REST API page names 'iotdevicegateway'.
        "iotdata" or "iotdevicegateway" => Plane.Shadow,
        "sts" => Plane.Sts,
        _ => null,
    };

    /// <summary>Whether a plane has an operation at this method and path (STS: whatever its Action).</summary>
    public static bool Serves(Plane plane, string method, string[] segments) =>
        All.Any(r => r.Plane == plane && r.Matches(method, segments, out _));

    /// <summary>The route of a plane that serves the request (for STS also by <paramref name="action"/>), with its path labels.</summary>
    public static Route? Find(Plane plane, string method, string[] segments, string? action, out Dictionary<string, string> labels)
    {
        foreach (var r in All)
        {
            if (r.Plane != plane || !r.Matches(method, segments, out labels)) continue;
            if (r.Handler is StsOperation sts && sts.Action != action) continue;
            return r;
        }
        labels = new Dictionary<string, string>();
        return null;
    }
}

/// <summary>One operation's place: plane, HTTP method and path template.</summary>
internal sealed class Route(Plane plane, string method, string template, OperationHandler handler)
{
    private readonly string[] _parts = template.Trim('/').Length == 0 ? Array.Empty<string>() : template.Trim('/').Split('/');

    public Plane Plane { get; } = plane;
    public string Method { get; } = method;
    public string Template { get; } = template;
    public OperationHandler Handler { get; } = handler;

    /// <summary>Matches decoded path segments; a {label} part takes any one segment.</summary>
    public bool Matches(string method, string[] segments, out Dictionary<string, string> labels)
    {
        labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (method != Method || segments.Length != _parts.Length) return false;
        for (int i = 0; i < _parts.Length; i++)
        {
            string part = _parts[i];
            if (part.StartsWith('{')) labels[part[1..^1]] = segments[i];
            else if (part != segments[i]) return false;
        }
        return true;
    }
}
