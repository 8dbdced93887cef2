using IoTJobs.Emulator.Handlers;
using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Auth;

/// <summary>
/// Operations denied to one access key (--deny, POST /_emulator/deny), as an explicit Deny in its IAM policy would:
/// the request is authenticated, then answered 403 AccessDeniedException and not applied.
/// </summary>
internal sealed class AccessPolicy
{
    private readonly object _lock = new();
    private readonly Dictionary<string, SortedSet<string>> _denied = new(StringComparer.Ordinal);

    public AccessPolicy(IDictionary<string, IList<string>> denied)
    {
        foreach (var (key, operations) in denied) Deny(key, operations);
    }

    /// <summary>Adds denied operations for a key; the names are checked first (GetCallerIdentity cannot be denied, as in AWS).</summary>
    public void Deny(string accessKey, IEnumerable<string> operations)
    {
        var list = operations.ToList();
        foreach (string op in list) CheckDeniable(op);
        lock (_lock)
        {
            if (!_denied.TryGetValue(accessKey, out var set)) _denied[accessKey] = set = new SortedSet<string>(StringComparer.Ordinal);
            set.UnionWith(list);
        }
    }

    /// <summary>Allows again: the given operations of a key, all of a key's, or (no key) every key's.</summary>
    public void Allow(string? accessKey, IEnumerable<string>? operations)
    {
        lock (_lock)
        {
            if (accessKey == null) _denied.Clear();
            else if (operations == null) _denied.Remove(accessKey);
            else if (_denied.TryGetValue(accessKey, out var set)) set.ExceptWith(operations);
        }
    }

    public IReadOnlyList<string> DeniedFor(string accessKey)
    {
        lock (_lock) return _denied.TryGetValue(accessKey, out var set) ? set.ToList() : new List<string>();
    }

    public bool IsDenied(string accessKey, string operation)
    {
        lock (_lock) return _denied.TryGetValue(accessKey, out var set) && set.Contains(operation);
    }

    /// <summary>The IAM action an operation is authorized as (iot: for both IoT planes, sts: for STS).</summary>
    public static string ActionOf(string operation) => operation switch
    {
        Operations.GetCallerIdentity => "sts:GetCallerIdentity",
        Operations.JobsDataDescribeJobExecution => "iot:DescribeJobExecution",
        _ => "iot:" + operation,
    };

    /// <summary>AWS's words for a request an explicit Deny refuses.</summary>
    public static EmulatorApiException Denied(Identity who, string region, string operation, string resource) =>
        new(403, "AccessDeniedException",
            $"User: {who.Arn(region)} is not authorized to perform: {ActionOf(operation)} on resource: {resource} with an explicit deny in an identity-based policy");

    /// <summary>Throws ArgumentException naming the operation when it is unknown or cannot be denied.</summary>
    public static void CheckDeniable(string operation)
    {
        if (operation == Operations.GetCallerIdentity)
            throw new ArgumentException("GetCallerIdentity cannot be denied: AWS answers it whatever the caller's policies say.");
        if (!Operations.All.Contains(operation))
            throw new ArgumentException($"Unknown operation '{operation}' to deny. Valid operations: {string.Join(", ", Operations.All.Where(o => o != Operations.GetCallerIdentity))}.");
    }
}
