using System.Buffers;
using IoTJobs.Emulator.Auth;

namespace IoTJobs.Emulator.Handlers;

/// <summary>One API operation: parses its input, calls the store, shapes its output. Http/Routes.cs says where it is served.</summary>
internal abstract class OperationHandler(string name)
{
    /// <summary>The operation's name (<see cref="Operations"/>): counters, rate limits, --deny and --fault-script use it.</summary>
    public string Name { get; } = name;

    /// <summary>Runs the operation; the success body. Failures are <see cref="EmulatorApiException"/>s.</summary>
    public abstract OperationResponse Execute(OperationRequest request);

    /// <summary>True when the body is a blob payload the handler reads itself (<see cref="OperationRequest.Body"/>), not JSON members.</summary>
    public virtual bool TakesRawBody => false;
}

/// <summary>A success body and its content type.</summary>
internal sealed record OperationResponse(ReadOnlyMemory<byte> Body, string ContentType);

/// <summary>What a handler gets: the store, the parsed input, the path labels and who is calling.</summary>
internal sealed class OperationRequest
{
    public required EmulatorStore Store { get; init; }
    public required RequestInput Input { get; init; }

    /// <summary>The request body as sent (what a blob payload such as a shadow document is read from).</summary>
    public ReadOnlyMemory<byte> Body { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
    public required PageToken Tokens { get; init; }
    public required Identity Caller { get; init; }
    public required string RequestId { get; init; }

    /// <summary>A path label of the route's template, e.g. "thingName" of /things/{thingName}.</summary>
    public string Label(string name) => Labels[name];

    /// <summary>A path label checked by its rule, which names it in its error (e.g. Validation.ThingName for "thingName").</summary>
    public string Label(string name, Action<string, string> rule)
    {
        string value = Labels[name];
        rule(value, name);
        return value;
    }
}

/// <summary>A rest-json operation (both IoT planes): the handler writes one JSON object.</summary>
internal abstract class JsonOperation(string name) : OperationHandler(name)
{
    public sealed override OperationResponse Execute(OperationRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer)) Write(request, w);
        return new OperationResponse(buffer.WrittenMemory, "application/json");
    }

    protected abstract void Write(OperationRequest request, Utf8JsonWriter w);

    /// <summary>The body of an operation without output: {}.</summary>
    protected static void EmptyObject(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteEndObject();
    }

    /// <summary>
    /// A list ordered by store sequence: the page the request asks for (its maxResults, after its nextToken) as
    /// { "<paramref name="array"/>": [...], "nextToken": ... }. The token carries the operation and a hash of
    /// <paramref name="filter"/>, so it only continues the same call with the same filters.
    /// </summary>
    protected void WritePage<T>(Utf8JsonWriter w, OperationRequest r, string filter, string array, Func<long, int, Page<T>> list, Action<Utf8JsonWriter, T> item)
    {
        int max = r.Input.MaxResults();
        var page = list(r.Tokens.Decode(Name, filter, r.Input.Query("nextToken")), max);
        WriteList(w, array, page.Items, item, page.NextAfterSeq is long next ? r.Tokens.Encode(Name, filter, next) : null);
    }

    /// <summary>The same for a list ordered by name: its nextToken holds the name a page starts after.</summary>
    protected void WriteNamePage<T>(Utf8JsonWriter w, OperationRequest r, string filter, string array, Func<string?, int, NamePage<T>> list, Action<Utf8JsonWriter, T> item)
    {
        int max = r.Input.MaxResults();
        var page = list(r.Tokens.DecodeName(Name, filter, r.Input.Query("nextToken")), max);
        WriteList(w, array, page.Items, item, page.NextAfterName is string next ? r.Tokens.EncodeName(Name, filter, next) : null);
    }

    private static void WriteList<T>(Utf8JsonWriter w, string array, IEnumerable<T> items, Action<Utf8JsonWriter, T> item, string? nextToken)
    {
        w.WriteStartObject();
        w.WriteStartArray(array);
        foreach (var x in items) item(w, x);
        w.WriteEndArray();
        if (nextToken != null) w.WriteString("nextToken", nextToken);
        w.WriteEndObject();
    }
}
