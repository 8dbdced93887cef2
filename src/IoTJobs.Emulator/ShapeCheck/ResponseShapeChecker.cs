using System.IO.Compression;
using IoTJobs.Emulator.Handlers;

namespace IoTJobs.Emulator.ShapeCheck;

/// <summary>
/// Checks a response the emulator sends against botocore's service model, read from a botocore data directory
/// (data/iot/2015-05-28, data/iot-jobs-data/2017-09-29 and, when present, data/iot-data/2015-05-28 and
/// data/sts/2011-06-15; service-2.json or .json.gz): success bodies against the operation's output shape (a blob
/// payload is the whole body, any bytes), errors against the operation's modeled errors (code, HTTP status, body
/// shape) or against the errors every AWS API can return. A member the shape does not have, a wrong type, an enum
/// value the model does not list, or a missing required member is a violation. Rest-json here; STS's Query protocol
/// (XML) in <see cref="QueryShapeChecker"/>.
/// </summary>
public sealed class ResponseShapeChecker
{
    private sealed class Service
    {
        public required JsonElement Shapes { get; init; }
        public required JsonElement Operations { get; init; }
        public required JsonDocument Document { get; init; }
    }

    private readonly Service _control;
    private readonly Service _data;
    private readonly Service? _shadow;
    private readonly QueryShapeChecker? _sts;

    /// <summary>Errors any operation can answer although no operation lists them, with the statuses they come with.</summary>
    internal static readonly IReadOnlyDictionary<string, int[]> CommonErrors = new Dictionary<string, int[]>(StringComparer.Ordinal)
    {
        ["ThrottlingException"] = new[] { 400, 429 },
        ["ServiceUnavailableException"] = new[] { 503 },
        ["InternalFailureException"] = new[] { 500 },
        ["MissingAuthenticationTokenException"] = new[] { 403 },
        ["InvalidSignatureException"] = new[] { 403 },
        ["UnrecognizedClientException"] = new[] { 403 },
        ["AccessDeniedException"] = new[] { 403 },
        ["ExpiredTokenException"] = new[] { 403 },
        ["IncompleteSignatureException"] = new[] { 400 },
        ["UnknownOperationException"] = new[] { 404 },
    };

    /// <summary>A request refused at the HTTP level (unreadable or too large body) reaches no operation and is an invalid request.</summary>
    internal static readonly IReadOnlyDictionary<string, int[]> UnroutedErrors = new Dictionary<string, int[]>(StringComparer.Ordinal)
    {
        ["InvalidRequestException"] = new[] { 400, 413 },
    };

    private ResponseShapeChecker(Service control, Service data, Service? shadow, Service? sts)
    {
        _control = control;
        _data = data;
        _shadow = shadow;
        if (sts != null)
            _sts = new QueryShapeChecker(sts.Shapes, sts.Operations, sts.Document.RootElement.GetProperty("metadata").GetProperty("xmlNamespace").GetString()!);
    }

    /// <summary>The model files this checker was loaded from.</summary>
    public IReadOnlyList<string> ModelFiles { get; private init; } = Array.Empty<string>();

    /// <summary>Loads botocore's iot and iot-jobs-data models (and sts, if there) from a botocore "data" directory.</summary>
    /// <exception cref="FileNotFoundException">The iot or iot-jobs-data model is missing.</exception>
    public static ResponseShapeChecker Load(string botocoreDataDirectory)
    {
        var (control, controlFile) = LoadService(botocoreDataDirectory, "iot", "2015-05-28");
        var (data, dataFile) = LoadService(botocoreDataDirectory, "iot-jobs-data", "2017-09-29");
        // STS and iot-data responses are checked when their models are there (a full botocore has them; a trimmed
        // test model may not): a response of theirs without its model is a violation.
        var files = new List<string> { controlFile, dataFile };
        var shadow = LoadOptional(botocoreDataDirectory, "iot-data", "2015-05-28", files);
        var sts = LoadOptional(botocoreDataDirectory, "sts", "2011-06-15", files);
        return new ResponseShapeChecker(control, data, shadow, sts) { ModelFiles = files };
    }

    private static Service? LoadOptional(string dir, string service, string version, List<string> files)
    {
        string basePath = Path.Combine(dir, service, version, "service-2.json");
        if (!File.Exists(basePath) && !File.Exists(basePath + ".gz")) return null;
        var (loaded, file) = LoadService(dir, service, version);
        files.Add(file);
        return loaded;
    }

    private static (Service, string) LoadService(string dir, string service, string version)
    {
        string basePath = Path.Combine(dir, service, version, "service-2.json");
        string file = File.Exists(basePath + ".gz") ? basePath + ".gz" : basePath;
        if (!File.Exists(file)) throw new FileNotFoundException($"botocore model not found: {basePath}(.gz)", basePath);
        using var stream = File.OpenRead(file);
        using Stream content = file.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
        var doc = JsonDocument.Parse(content);
        return (new Service
        {
            Document = doc,
            Shapes = doc.RootElement.GetProperty("shapes"),
            Operations = doc.RootElement.GetProperty("operations"),
        }, file);
    }

    /// <summary>The botocore operation an emulator operation name stands for, and its botocore service (<see cref="Operations.ServiceOf"/>).</summary>
    public static (string ModelOperation, string Service) ModelOperationOf(string operation) =>
        (operation == Operations.JobsDataDescribeJobExecution ? "DescribeJobExecution" : operation, Operations.ServiceOf(operation));

    /// <summary>botocore's name of the service an emulator operation belongs to, and its model's name of the operation: iot:CancelJob.</summary>
    public static string QualifiedName(string operation)
    {
        var (name, service) = ModelOperationOf(operation);
        return service + ":" + name;
    }

    /// <summary>
    /// Violations of the model by one response; empty when it conforms. <paramref name="operation"/> is the emulator's
    /// operation name, or null for a request that reached no operation (only the common error body is checked then).
    /// </summary>
    public IReadOnlyList<string> Check(string? operation, int status, string? errorCode, ReadOnlySpan<byte> body)
    {
        var problems = new List<string>();
        // STS answers in XML; so does an STS request refused before it reached its operation.
        if (operation != null ? Operations.IsSts(operation) : body.Length > 0 && body[0] == (byte)'<')
        {
            if (_sts == null) problems.Add("an STS response, but botocore's sts model (data/sts/2011-06-15) was not loaded");
            else _sts.Check(operation, status, errorCode, body, problems);
            return problems;
        }
        JsonDocument? doc = null;
        try
        {
            if (body.Length > 0)
            {
                try
                {
                    doc = JsonDocument.Parse(body.ToArray());
                }
                catch (JsonException ex)
                {
                    if (status >= 300 || operation == null || !HasBlobPayload(operation)) problems.Add($"the body is not JSON: {ex.Message}");
                    return problems;
                }
            }
            JsonElement root = doc?.RootElement ?? default;
            bool error = status >= 300;

            if (operation == null)
            {
                if (!error) problems.Add($"HTTP {status} from no operation");
                else CheckCommonError(errorCode, status, root, doc != null, problems, null);
                return problems;
            }

            var (name, serviceName) = ModelOperationOf(operation);
            var service = ServiceNamed(serviceName);
            if (service == null)
            {
                problems.Add($"an {serviceName} response, but botocore's {serviceName} model was not loaded");
                return problems;
            }
            if (!service.Operations.TryGetProperty(name, out var op))
            {
                problems.Add($"{name} is not an operation of botocore's {serviceName} model");
                return problems;
            }

            if (!error)
            {
                int expected = op.GetProperty("http").TryGetProperty("responseCode", out var rc) ? rc.GetInt32() : 200;
                if (status != expected) problems.Add($"HTTP {status} for a success; the model's is {expected}");
                if (op.TryGetProperty("output", out var output))
                {
                    var (outputShape, blob) = BodyShape(service, output.GetProperty("shape").GetString()!);
                    if (blob) { }
                    else if (doc == null) problems.Add("empty body; the model has an output shape " + outputShape);
                    else CheckValue(service, outputShape, root, "$", problems);
                }
                else if (doc != null && (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Any()))
                {
                    problems.Add($"the model has no output for {name}, but the body is {Excerpt(root)}");
                }
                return problems;
            }

            if (string.IsNullOrEmpty(errorCode))
            {
                problems.Add($"HTTP {status} error without an x-amzn-ErrorType header");
                return problems;
            }
            var listed = op.TryGetProperty("errors", out var errs) ? errs.EnumerateArray().Select(e => e.GetProperty("shape").GetString()!).ToList() : new List<string>();
            if (listed.Contains(errorCode))
            {
                var shape = service.Shapes.GetProperty(errorCode);
                int modelStatus = shape.TryGetProperty("error", out var e) && e.TryGetProperty("httpStatusCode", out var hs) ? hs.GetInt32() : 400;
                if (status != modelStatus) problems.Add($"{errorCode} with HTTP {status}; the model's is {modelStatus}");
                if (doc == null) problems.Add($"{errorCode} with an empty body");
                else CheckValue(service, errorCode, root, "$", problems);
                return problems;
            }
            CheckCommonError(errorCode, status, root, doc != null, problems, (name, listed));
            return problems;
        }
        finally
        {
            doc?.Dispose();
        }
    }

    /// <summary>
    /// The shape the body of an output is: the output's own, or its payload member's (which is the whole body). A blob
    /// or string payload is the body's bytes as they are (iot-data's JsonDocument).
    /// </summary>
    private static (string Shape, bool Blob) BodyShape(Service service, string outputShape)
    {
        var shape = service.Shapes.GetProperty(outputShape);
        if (!shape.TryGetProperty("payload", out var payload)) return (outputShape, false);
        string member = shape.GetProperty("members").GetProperty(payload.GetString()!).GetProperty("shape").GetString()!;
        return (member, service.Shapes.GetProperty(member).GetProperty("type").GetString() is "blob" or "string");
    }

    private Service? ServiceNamed(string name) => name switch { "iot" => _control, "iot-jobs-data" => _data, "iot-data" => _shadow, _ => null };

    private bool HasBlobPayload(string operation)
    {
        var (name, serviceName) = ModelOperationOf(operation);
        var service = ServiceNamed(serviceName);
        return service != null && service.Operations.TryGetProperty(name, out var op) && op.TryGetProperty("output", out var output)
            && BodyShape(service, output.GetProperty("shape").GetString()!).Blob;
    }

    private static void CheckCommonError(string? code, int status, JsonElement root, bool hasBody, List<string> problems,
        (string Operation, List<string> Listed)? op)
    {
        if (string.IsNullOrEmpty(code))
        {
            problems.Add($"HTTP {status} error without an x-amzn-ErrorType header");
            return;
        }
        if (!CommonErrors.TryGetValue(code, out var statuses) && (op != null || !UnroutedErrors.TryGetValue(code, out statuses)))
        {
            problems.Add(op == null
                ? $"{code} is not an error any operation can answer"
                : $"{code} is not an error the model lists for {op.Value.Operation} (it lists {string.Join(", ", op.Value.Listed)}) nor an error common to every AWS API");
            return;
        }
        if (!statuses.Contains(status)) problems.Add($"{code} with HTTP {status}; expected {string.Join(" or ", statuses)}");
        if (!hasBody || root.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{code}: the error body is not a JSON object");
            return;
        }
        foreach (var p in root.EnumerateObject())
        {
            if (p.Name != "message") problems.Add($"{code}: member '{p.Name}' is not in the common error body {{ message }}");
            else if (p.Value.ValueKind != JsonValueKind.String) problems.Add($"{code}: 'message' is {p.Value.ValueKind}, not a string");
        }
    }

    private void CheckValue(Service service, string shapeName, JsonElement value, string path, List<string> problems)
    {
        if (problems.Count > 20) return;
        var shape = service.Shapes.GetProperty(shapeName);
        string type = shape.GetProperty("type").GetString()!;
        switch (type)
        {
            case "structure":
            {
                if (value.ValueKind != JsonValueKind.Object)
                {
                    problems.Add($"{path}: {Kind(value)} where the model has structure {shapeName}");
                    return;
                }
                var members = shape.GetProperty("members");
                // Wire name -> member; members bound to headers, the status code or the URI are not in the body.
                var byWire = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var m in members.EnumerateObject())
                {
                    if (m.Value.TryGetProperty("location", out _)) continue;
                    string wire = m.Value.TryGetProperty("locationName", out var ln) ? ln.GetString()! : m.Name;
                    byWire[wire] = m.Value;
                }
                foreach (var p in value.EnumerateObject())
                {
                    if (!byWire.TryGetValue(p.Name, out var member))
                    {
                        problems.Add($"{path}.{p.Name}: not a member of {shapeName} (members: {string.Join(", ", byWire.Keys)})");
                        continue;
                    }
                    if (p.Value.ValueKind == JsonValueKind.Null) continue;
                    CheckValue(service, member.GetProperty("shape").GetString()!, p.Value, $"{path}.{p.Name}", problems);
                }
                if (shape.TryGetProperty("required", out var required))
                {
                    foreach (var r in required.EnumerateArray())
                    {
                        string name = r.GetString()!;
                        var member = members.GetProperty(name);
                        if (member.TryGetProperty("location", out _)) continue;
                        string wire = member.TryGetProperty("locationName", out var ln) ? ln.GetString()! : name;
                        if (!value.TryGetProperty(wire, out var v) || v.ValueKind == JsonValueKind.Null)
                            problems.Add($"{path}.{wire}: required member of {shapeName} is missing");
                    }
                }
                return;
            }
            case "list":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    problems.Add($"{path}: {Kind(value)} where the model has list {shapeName}");
                    return;
                }
                string item = shape.GetProperty("member").GetProperty("shape").GetString()!;
                int i = 0;
                foreach (var x in value.EnumerateArray()) CheckValue(service, item, x, $"{path}[{i++}]", problems);
                return;
            case "map":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    problems.Add($"{path}: {Kind(value)} where the model has map {shapeName}");
                    return;
                }
                string valueShape = shape.GetProperty("value").GetProperty("shape").GetString()!;
                foreach (var p in value.EnumerateObject()) CheckValue(service, valueShape, p.Value, $"{path}.{p.Name}", problems);
                return;
            case "string":
                if (value.ValueKind != JsonValueKind.String)
                {
                    problems.Add($"{path}: {Kind(value)} where the model has string {shapeName}");
                    return;
                }
                if (shape.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => v.GetString() == value.GetString()))
                    problems.Add($"{path}: '{value.GetString()}' is not a value of enum {shapeName} ({string.Join(", ", values.EnumerateArray().Select(v => v.GetString()))})");
                return;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    problems.Add($"{path}: {Kind(value)} where the model has boolean {shapeName}");
                return;
            case "integer":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out _))
                    problems.Add($"{path}: {Excerpt(value)} where the model has integer {shapeName} (32-bit)");
                return;
            case "long":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out _))
                    problems.Add($"{path}: {Excerpt(value)} where the model has long {shapeName}");
                return;
            case "float":
            case "double":
                if (value.ValueKind != JsonValueKind.Number)
                    problems.Add($"{path}: {Kind(value)} where the model has {type} {shapeName}");
                return;
            case "timestamp":
            {
                string format = shape.TryGetProperty("timestampFormat", out var f) ? f.GetString()! : "unixTimestamp";
                bool ok = format == "unixTimestamp" ? value.ValueKind == JsonValueKind.Number : value.ValueKind == JsonValueKind.String;
                if (!ok) problems.Add($"{path}: {Excerpt(value)} where the model has timestamp {shapeName} ({format})");
                return;
            }
            case "blob":
                if (value.ValueKind != JsonValueKind.String || !IsBase64(value.GetString()!))
                    problems.Add($"{path}: {Excerpt(value)} where the model has blob {shapeName} (base64 text)");
                return;
            default:
                problems.Add($"{path}: shape {shapeName} has type '{type}', which this checker does not know");
                return;
        }
    }

    private static bool IsBase64(string s)
    {
        var buffer = new byte[s.Length];
        return Convert.TryFromBase64String(s, buffer, out _);
    }

    private static string Kind(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => v.ValueKind.ToString(),
    };

    private static string Excerpt(JsonElement v)
    {
        string raw = v.GetRawText();
        return raw.Length > 80 ? raw[..80] + "..." : raw;
    }
}
