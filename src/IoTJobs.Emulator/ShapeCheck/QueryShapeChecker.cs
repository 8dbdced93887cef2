using System.Xml;
using System.Xml.Linq;

namespace IoTJobs.Emulator.ShapeCheck;

/// <summary>
/// The Query protocol half of the check (STS): a success is &lt;{Op}Response&gt; in the model's xmlNamespace holding
/// the output shape in its resultWrapper element plus ResponseMetadata/RequestId; an error is
/// &lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;&lt;/ErrorResponse&gt; with a code the
/// operation lists or one every Query API can answer, at its status.
/// </summary>
internal sealed class QueryShapeChecker(JsonElement shapes, JsonElement operations, string xmlNamespace)
{
    /// <summary>Errors any Query operation can answer, with their statuses (AWS's common errors, STS's names).</summary>
    internal static readonly IReadOnlyDictionary<string, int[]> CommonErrors = new Dictionary<string, int[]>(StringComparer.Ordinal)
    {
        ["MissingAuthenticationToken"] = new[] { 403 },
        ["InvalidClientTokenId"] = new[] { 403 },
        ["SignatureDoesNotMatch"] = new[] { 403 },
        ["IncompleteSignature"] = new[] { 400 },
        ["AccessDenied"] = new[] { 403 },
        ["ExpiredToken"] = new[] { 403 },
        ["Throttling"] = new[] { 400 },
        ["ServiceUnavailable"] = new[] { 503 },
        ["InternalFailure"] = new[] { 500 },
        ["InvalidAction"] = new[] { 400 },
        ["MissingAction"] = new[] { 400 },
        ["InvalidParameterValue"] = new[] { 400, 413 },
    };

    private readonly XNamespace _ns = xmlNamespace;

    public void Check(string? operation, int status, string? errorCode, ReadOnlySpan<byte> body, List<string> problems)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Parse(System.Text.Encoding.UTF8.GetString(body));
        }
        catch (XmlException ex)
        {
            problems.Add($"the body is not XML: {ex.Message}");
            return;
        }
        var root = doc.Root!;
        if (status >= 300)
        {
            CheckError(operation, status, errorCode, root, problems);
            return;
        }
        if (operation == null || !operations.TryGetProperty(operation, out var op))
        {
            problems.Add($"{operation ?? "no operation"} is not an operation of botocore's sts model");
            return;
        }
        if (status != 200) problems.Add($"HTTP {status} for a success; the model's is 200");
        if (root.Name != _ns + (operation + "Response")) problems.Add($"root element {root.Name}; the model's is {{{xmlNamespace}}}{operation}Response");
        string wrapper = operation + "Result";
        if (op.TryGetProperty("output", out var output))
        {
            if (output.TryGetProperty("resultWrapper", out var rw)) wrapper = rw.GetString()!;
            var result = root.Element(_ns + wrapper);
            if (result == null) problems.Add($"no {wrapper} element");
            else CheckStructure(output.GetProperty("shape").GetString()!, result, "/" + wrapper, problems);
        }
        if (root.Element(_ns + "ResponseMetadata")?.Element(_ns + "RequestId") == null) problems.Add("no ResponseMetadata/RequestId");
        foreach (var e in root.Elements())
            if (e.Name.LocalName != wrapper && e.Name.LocalName != "ResponseMetadata") problems.Add($"element {e.Name.LocalName} is not in a {operation}Response");
    }

    private void CheckError(string? operation, int status, string? errorCode, XElement root, List<string> problems)
    {
        var error = root.Element(_ns + "Error");
        if (root.Name != _ns + "ErrorResponse" || error == null)
        {
            problems.Add($"error root {root.Name}; a Query error is {{{xmlNamespace}}}ErrorResponse with an Error element");
            return;
        }
        string? code = error.Element(_ns + "Code")?.Value;
        if (string.IsNullOrEmpty(code)) problems.Add("Error/Code is missing");
        else if (errorCode != null && code != errorCode) problems.Add($"Error/Code {code} but the emulator meant {errorCode}");
        if (error.Element(_ns + "Message") == null) problems.Add("Error/Message is missing");
        if (error.Element(_ns + "Type")?.Value is string type && type != (status >= 500 ? "Receiver" : "Sender"))
            problems.Add($"Error/Type {type} with HTTP {status}");
        if (root.Element(_ns + "RequestId") == null) problems.Add("RequestId is missing");
        if (string.IsNullOrEmpty(code)) return;

        var listed = operation != null && operations.TryGetProperty(operation, out var op) && op.TryGetProperty("errors", out var errs)
            ? errs.EnumerateArray().Select(e => e.GetProperty("shape").GetString()!).ToList() : new List<string>();
        foreach (string shapeName in listed)
        {
            var e = shapes.GetProperty(shapeName).GetProperty("error");
            if (e.GetProperty("code").GetString() != code) continue;
            int modelStatus = e.TryGetProperty("httpStatusCode", out var hs) ? hs.GetInt32() : 400;
            if (status != modelStatus) problems.Add($"{code} with HTTP {status}; the model's is {modelStatus}");
            return;
        }
        if (!CommonErrors.TryGetValue(code, out var statuses))
            problems.Add($"{code} is not an error the model lists for {operation ?? "this request"} nor one every Query API can answer");
        else if (!statuses.Contains(status))
            problems.Add($"{code} with HTTP {status}; expected {string.Join(" or ", statuses)}");
    }

    private void CheckStructure(string shapeName, XElement element, string path, List<string> problems)
    {
        var shape = shapes.GetProperty(shapeName);
        var members = shape.GetProperty("members");
        var byWire = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var m in members.EnumerateObject())
            byWire[m.Value.TryGetProperty("locationName", out var ln) ? ln.GetString()! : m.Name] = m.Value;
        foreach (var child in element.Elements())
        {
            string name = child.Name.LocalName;
            if (child.Name.Namespace != _ns) problems.Add($"{path}/{name}: not in namespace {xmlNamespace}");
            if (!byWire.TryGetValue(name, out var member))
            {
                problems.Add($"{path}/{name}: not a member of {shapeName} (members: {string.Join(", ", byWire.Keys)})");
                continue;
            }
            string memberShape = member.GetProperty("shape").GetString()!;
            string type = shapes.GetProperty(memberShape).GetProperty("type").GetString()!;
            if (type == "structure") CheckStructure(memberShape, child, $"{path}/{name}", problems);
            else if (child.HasElements) problems.Add($"{path}/{name}: elements where the model has {type} {memberShape}");
            else if (!ScalarOk(type, child.Value)) problems.Add($"{path}/{name}: '{child.Value}' is not a {type} ({memberShape})");
        }
        if (shape.TryGetProperty("required", out var required))
            foreach (var r in required.EnumerateArray())
                if (element.Element(_ns + r.GetString()!) == null) problems.Add($"{path}/{r.GetString()}: required member of {shapeName} is missing");
    }

    private static bool ScalarOk(string type, string text) => type switch
    {
        "string" => true,
        "integer" => int.TryParse(text, out _),
        "long" => long.TryParse(text, out _),
        "boolean" => text is "true" or "false",
        "timestamp" => DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _),
        _ => false,
    };
}
