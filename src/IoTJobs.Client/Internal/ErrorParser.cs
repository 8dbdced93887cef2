using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace IoTJobs.Client.Internal
{
    /// <summary>A failed attempt, before it becomes an <see cref="IoTServiceException"/>.</summary>
    internal sealed class Failure
    {
        public string Code = "";
        public int Status;
        public string Message = "";
        public string? ServiceMessage;
        public string? RequestId;
        public IReadOnlyDictionary<string, string>? Extra;
    }

    /// <summary>botocore's rest-json error rules: code from x-amzn-ErrorType, then body code/Code, then __type.</summary>
    internal static class ErrorParser
    {
        private static readonly HashSet<string> KnownMembers = new HashSet<string>(StringComparer.Ordinal)
        {
            "code", "Code", "__type", "message", "Message",
        };

        public static Failure Parse(string operation, int status, string? reason, string? errorTypeHeader, string? requestId, string? contentType, byte[] body)
        {
            var f = new Failure { Status = status, RequestId = requestId };
            string? code = Sanitize(errorTypeHeader);
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
            f.Code = code ?? ErrorCodes.HttpStatusPrefix + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (string.IsNullOrEmpty(message))
            {
                var what = body.Length == 0 ? "an empty body"
                    : jsonObject ? "a JSON body without a message"
                    : $"a body that is not JSON ({(string.IsNullOrEmpty(contentType) ? "no content type" : contentType)}, {body.Length} bytes: {Snippet(body)})";
                message = $"The service returned HTTP {status}{(string.IsNullOrEmpty(reason) ? "" : " " + reason)} with {what}.";
            }
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

        private static string Snippet(byte[] body)
        {
            var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300));
            var sb = new StringBuilder();
            bool inTag = false, lastSpace = false;
            foreach (var c in text)
            {
                // Strip HTML tags and fold whitespace so a proxy's error page reads as one line.
                if (c == '<') { inTag = true; continue; }
                if (c == '>') { inTag = false; continue; }
                if (inTag) continue;
                if (char.IsWhiteSpace(c) || char.IsControl(c)) { if (!lastSpace && sb.Length > 0) sb.Append(' '); lastSpace = true; continue; }
                sb.Append(c);
                lastSpace = false;
            }
            var s = sb.ToString().Trim();
            if (s.Length > 120) s = s.Substring(0, 120) + "...";
            return s.Length == 0 ? "(markup only)" : "'" + s + "'";
        }
    }
}
