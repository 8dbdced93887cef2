using System.Globalization;
using System.Text.Json;
using IoTJobs.Client.Http;

namespace IoTJobs.Client.Operations
{
    /// <summary>botocore's rest-json error rules: code from x-amzn-ErrorType, then the body's code/Code, then __type.</summary>
    internal sealed class RestJsonErrors : IErrorReader
    {
        public static readonly RestJsonErrors Instance = new RestJsonErrors();

        private static readonly HashSet<string> KnownMembers = new HashSet<string>(StringComparer.Ordinal)
        {
            "code", "Code", "__type", "message", "Message",
        };

        public Failure Read(string operation, HttpAnswer answer)
        {
            var body = answer.Body;
            var f = new Failure
            {
                Status = answer.Status,
                RequestId = answer.Header("x-amzn-RequestId") ?? answer.Header("x-amz-request-id"),
                DateHeader = answer.Header("Date"),
            };
            string? code = Sanitize(answer.Header("x-amzn-ErrorType"));
            string? message = null;
            bool jsonObject = false;

            if (body.Length > 0)
            {
                try
                {
                    using var doc = JsonDocument.Parse(body);
                    if (doc.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        jsonObject = true;
                        var root = doc.RootElement;
                        code ??= Sanitize(Json.Str(root, "code")) ?? Sanitize(Json.Str(root, "Code")) ?? Sanitize(Json.Str(root, "__type"));
                        message = Json.Str(root, "message") ?? Json.Str(root, "Message");
                        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
                        foreach (var p in root.EnumerateObject())
                        {
                            if (KnownMembers.Contains(p.Name) || p.Value.ValueKind == JsonValueKind.Null) continue;
                            // Flatten: strings as they are, anything else (e.g. executionState) as its JSON text.
                            extra[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                        }
                        if (extra.Count > 0) f.Extra = extra;
                    }
                }
                catch (JsonException)
                {
                    // Not JSON (an HTML error page from a proxy, a truncated body): described below from the status.
                }
            }

            f.ServiceMessage = string.IsNullOrEmpty(message) ? null : message;
            f.Code = code ?? ErrorCodes.HttpStatusPrefix + answer.Status.ToString(CultureInfo.InvariantCulture);
            if (string.IsNullOrEmpty(message)) message = ErrorBodies.Describe(answer, "JSON", jsonObject);
            f.Message = $"{operation} failed: {f.Code}: {message}";
            return f;
        }

        /// <summary>Keep the text before the first ':' and after the last '#' (e.g. "aws.protocoltests#FooError:http://...").</summary>
        internal static string? Sanitize(string? raw)
        {
            if (string.IsNullOrWhiteSpace(raw)) return null;
            var s = raw!;
            int colon = s.IndexOf(':');
            if (colon >= 0) s = s.Substring(0, colon);
            int hash = s.LastIndexOf('#');
            if (hash >= 0) s = s.Substring(hash + 1);
            s = s.Trim();
            return s.Length == 0 ? null : s;
        }
    }
}
