using System.Text;
using IoTJobs.Client.Http;

namespace IoTJobs.Client.Operations
{
    /// <summary>What to say of an error answer whose body carries no message: its status and what the body is.</summary>
    internal static class ErrorBodies
    {
        /// <param name="format">What the protocol's bodies are (JSON, XML).</param>
        /// <param name="parsed">The body was one, just without a message.</param>
        public static string Describe(HttpAnswer answer, string format, bool parsed)
        {
            var body = answer.Body;
            var what = body.Length == 0 ? "an empty body"
                : parsed ? $"a {format} body without a message"
                : $"a body that is not {format} ({(string.IsNullOrEmpty(answer.ContentType) ? "no content type" : answer.ContentType)}, {body.Length} bytes: {Snippet(body)})";
            return $"The service returned HTTP {answer.Status}{(string.IsNullOrEmpty(answer.Reason) ? "" : " " + answer.Reason)} with {what}.";
        }

        /// <summary>A body's first characters as one line: HTML tags stripped, whitespace folded.</summary>
        public static string Snippet(byte[] body)
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
