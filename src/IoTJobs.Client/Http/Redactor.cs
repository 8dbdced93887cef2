namespace IoTJobs.Client.Http
{
    /// <summary>
    /// Removes the secret key and session token from text that leaves the client (messages, logs). Services can echo
    /// them: an InvalidSignatureException's canonical request lists x-amz-security-token's value.
    /// </summary>
    internal static class Redactor
    {
        // Real secrets are 40+ characters; very short fake ones ("test") are left alone so they don't garble messages.
        private const int MinSecretLength = 8;
        public const string Mask = "***";

        public static string Redact(string? text, IEnumerable<string?> secrets)
        {
            if (string.IsNullOrEmpty(text)) return text ?? "";
            var result = text!;
            foreach (var s in secrets)
            {
                if (s == null || s.Length < MinSecretLength) continue;
                result = result.Replace(s, Mask);
                // Also the percent-encoded form (a token holds '/', '+', '=').
                var escaped = Uri.EscapeDataString(s);
                if (escaped != s) result = result.Replace(escaped, Mask);
            }
            // Never pass on a signature header verbatim, whatever echoed it.
            int i = result.IndexOf("Signature=", StringComparison.OrdinalIgnoreCase);
            while (i >= 0)
            {
                int start = i + "Signature=".Length, end = start;
                while (end < result.Length && Uri.IsHexDigit(result[end])) end++;
                if (end - start >= 32) result = result.Substring(0, start) + Mask + result.Substring(end);
                i = result.IndexOf("Signature=", start, StringComparison.OrdinalIgnoreCase);
            }
            return result;
        }
    }
}
