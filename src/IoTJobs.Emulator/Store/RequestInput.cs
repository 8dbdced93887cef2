using System.Globalization;

using IoTJobs.Emulator.Auth;
using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Store;

/// <summary>Query string and JSON body of one request, with typed, validating getters that throw 400 InvalidRequestException.</summary>
internal sealed class RequestInput : IDisposable
{
    private readonly Dictionary<string, string> _query = new(StringComparer.Ordinal);
    private readonly JsonDocument? _doc;

    public RequestInput(string rawQuery, byte[] body)
    {
        AddPairs(rawQuery, form: false);
        if (body.Length > 0 && !IsWhitespace(body))
        {
            try
            {
                _doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
            }
            catch (JsonException ex)
            {
                throw EmulatorApiException.InvalidRequest($"The request body is not valid JSON: {ex.Message}");
            }
            if (_doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                _doc.Dispose();
                throw EmulatorApiException.InvalidRequest("The request body must be a JSON object.");
            }
            // The parser accepts invalid UTF-8 and lone surrogate escapes inside strings and fails only when one is read
            // (a 500 then, or an unknown member silently ignored): refuse them up front, as a 400 (issue 6).
            try
            {
                CheckText(_doc.RootElement);
            }
            catch (InvalidOperationException)
            {
                _doc.Dispose();
                throw EmulatorApiException.InvalidRequest("The request body is not valid UTF-8 JSON text (invalid UTF-8 or a lone surrogate escape in a string).");
            }
        }
    }

    /// <summary>The Query protocol's input (STS): parameters in the query string and an application/x-www-form-urlencoded body.</summary>
    public static RequestInput FromForm(string rawQuery, byte[] body)
    {
        var input = new RequestInput(rawQuery, Array.Empty<byte>());
        input.AddPairs(System.Text.Encoding.UTF8.GetString(body), form: true);
        return input;
    }

    /// <summary>name=value pairs joined by '&amp;'; the first of a repeated name wins. In a form, '+' is a space.</summary>
    private void AddPairs(string text, bool form)
    {
        foreach (string part in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string p = form ? part.Replace('+', ' ') : part;
            int eq = p.IndexOf('=');
            string k = SigV4.SafeUnescape(eq < 0 ? p : p[..eq]);
            string v = SigV4.SafeUnescape(eq < 0 ? "" : p[(eq + 1)..]);
            _query.TryAdd(k, v);
        }
    }

    private static void CheckText(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    StrictUtf8.GetByteCount(p.Name);
                    CheckText(p.Value);
                }
                break;
            case JsonValueKind.Array:
                foreach (var x in e.EnumerateArray()) CheckText(x);
                break;
            case JsonValueKind.String:
                StrictUtf8.GetByteCount(e.GetString()!);
                break;
        }
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8Encoding = new(false, true);

    private static class StrictUtf8
    {
        // A string decoded from invalid UTF-8 or a lone surrogate escape cannot be encoded back strictly.
        public static void GetByteCount(string s)
        {
            try { StrictUtf8Encoding.GetByteCount(s); }
            catch (System.Text.EncoderFallbackException) { throw new InvalidOperationException("text"); }
        }
    }

    private static bool IsWhitespace(byte[] b) => b.All(x => x is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n');

    public void Dispose() => _doc?.Dispose();

    // ---- query ----

    public string? Query(string name) => _query.TryGetValue(name, out var v) ? v : null;

    public bool? QueryBool(string name)
    {
        string? v = Query(name);
        return v switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => throw EmulatorApiException.InvalidRequest($"Value '{Short(v)}' at '{name}' is not valid. Valid values: true, false."),
        };
    }

    public long? QueryLong(string name)
    {
        string? v = Query(name);
        if (v == null) return null;
        if (!long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
            throw EmulatorApiException.InvalidRequest($"Value '{Short(v)}' at '{name}' is not a valid integer.");
        return n;
    }

    /// <summary>maxResults: 1..250 (LaserMaxResults / RegistryMaxResults); default 50 when absent.</summary>
    public int MaxResults()
    {
        string? v = Query("maxResults");
        if (v == null) return 50;
        if (!int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) || n < 1 || n > 250)
            throw EmulatorApiException.InvalidRequest(
                $"1 validation error detected: Value '{Short(v)}' at 'maxResults' failed to satisfy constraint: Member must be an integer between 1 and 250.");
        return n;
    }

    public string? QueryEnum(string name, IReadOnlyList<string> valid)
    {
        string? v = Query(name);
        if (v != null && !valid.Contains(v))
            throw EmulatorApiException.InvalidRequest($"Value '{Short(v)}' at '{name}' is not valid. Valid values: {string.Join(", ", valid)}.");
        return v;
    }

    // ---- body ----

    private JsonElement? Member(string name)
    {
        if (_doc == null) return null;
        if (!_doc.RootElement.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return null;
        return e;
    }

    public string? String(string name)
    {
        var e = Member(name);
        if (e == null) return null;
        if (e.Value.ValueKind != JsonValueKind.String)
            throw EmulatorApiException.InvalidRequest($"'{name}' must be a JSON string.");
        return e.Value.GetString();
    }

    public long? Long(string name)
    {
        var e = Member(name);
        if (e == null) return null;
        if (e.Value.ValueKind != JsonValueKind.Number || !e.Value.TryGetInt64(out long n))
            throw EmulatorApiException.InvalidRequest($"'{name}' must be a JSON integer.");
        return n;
    }

    public bool? Bool(string name)
    {
        var e = Member(name);
        if (e == null) return null;
        return e.Value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw EmulatorApiException.InvalidRequest($"'{name}' must be a JSON boolean."),
        };
    }

    public IReadOnlyDictionary<string, string>? StringMap(string name, JsonElement? parent = null)
    {
        JsonElement? e;
        if (parent != null)
            e = parent.Value.TryGetProperty(name, out var p) && p.ValueKind != JsonValueKind.Null ? p : null;
        else
            e = Member(name);
        if (e == null) return null;
        if (e.Value.ValueKind != JsonValueKind.Object)
            throw EmulatorApiException.InvalidRequest($"'{name}' must be a JSON object of string values.");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in e.Value.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String)
                throw EmulatorApiException.InvalidRequest($"'{name}.{Short(p.Name)}' must be a JSON string.");
            map[p.Name] = p.Value.GetString()!;
        }
        return map;
    }

    public JsonElement? Object(string name)
    {
        var e = Member(name);
        if (e == null) return null;
        if (e.Value.ValueKind != JsonValueKind.Object)
            throw EmulatorApiException.InvalidRequest($"'{name}' must be a JSON object.");
        return e;
    }

    /// <summary>A body member of any JSON kind (null when absent or null), for members that take more than one form.</summary>
    public JsonElement? Value(string name) => Member(name);

    public IReadOnlyList<string>? StringList(string name)
    {
        var e = Member(name);
        if (e == null) return null;
        if (e.Value.ValueKind != JsonValueKind.Array)
            throw EmulatorApiException.InvalidRequest($"'{name}' must be a JSON array of strings.");
        var list = new List<string>(e.Value.GetArrayLength());
        foreach (var x in e.Value.EnumerateArray())
        {
            if (x.ValueKind != JsonValueKind.String)
                throw EmulatorApiException.InvalidRequest($"'{name}' must be a JSON array of strings.");
            list.Add(x.GetString()!);
        }
        return list;
    }

    private static string Short(string s) => s.Length > 80 ? s[..80] + "..." : s;
}
