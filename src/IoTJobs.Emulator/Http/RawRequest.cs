using IoTJobs.Emulator.Auth;

namespace IoTJobs.Emulator.Http;

/// <summary>A request as it came: the target split into raw path and query, decoded path segments, the body.</summary>
internal static class RawRequest
{
    private const int MaxBodyBytes = 32 * 1024 * 1024;

    public static void SplitTarget(string rawTarget, out string path, out string query)
    {
        string t = rawTarget;
        if (t.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || t.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            int slash = t.IndexOf('/', t.IndexOf("//", StringComparison.Ordinal) + 2);
            t = slash < 0 ? "/" : t[slash..];
        }
        int q = t.IndexOf('?');
        path = q < 0 ? t : t[..q];
        query = q < 0 ? "" : t[(q + 1)..];
        if (path.Length == 0) path = "/";
    }

    public static bool IsAdmin(string rawPath) => rawPath.StartsWith("/_emulator/", StringComparison.Ordinal) || rawPath == "/_emulator";

    public static string[] Segments(string rawPath)
    {
        string p = rawPath.Trim('/');
        if (p.Length == 0) return Array.Empty<string>();
        return p.Split('/').Select(SigV4.SafeUnescape).ToArray();
    }

    /// <summary>A value quoted in an error or a log line, cut at 300 characters.</summary>
    public static string Shorten(string s) => s.Length > 300 ? s[..300] + "..." : s;

    public static async Task<byte[]> ReadBodyAsync(HttpContext ctx)
    {
        if (ctx.Request.ContentLength == 0) return Array.Empty<byte>();
        if (ctx.Request.ContentLength > MaxBodyBytes)
            throw new EmulatorApiException(413, "InvalidRequestException", $"The request body is larger than {MaxBodyBytes} bytes.");
        using var ms = new MemoryStream(ctx.Request.ContentLength is long n and > 0 ? (int)n : 256);
        await ctx.Request.Body.CopyToAsync(ms, ctx.RequestAborted);
        if (ms.Length > MaxBodyBytes)
            throw new EmulatorApiException(413, "InvalidRequestException", $"The request body is larger than {MaxBodyBytes} bytes.");
        return ms.ToArray();
    }

    /// <summary>The access key and credential-scope service an Authorization header names (empty / null when it names none).</summary>
    public static (string AccessKey, string? Service) CredentialOf(HttpRequest request)
    {
        string? auth = request.Headers.TryGetValue("authorization", out var v) ? v.FirstOrDefault() : null;
        if (auth == null) return ("", null);
        int i = auth.IndexOf("Credential=", StringComparison.Ordinal);
        if (i < 0) return ("", null);
        i += "Credential=".Length;
        int slash = auth.IndexOf('/', i);
        string key = slash > i ? auth[i..slash].Trim() : "";
        int comma = auth.IndexOf(',', i);
        string[] scope = (comma < 0 ? auth[i..] : auth[i..comma]).Trim().Split('/');
        return (key, scope.Length == 5 ? scope[3] : null);
    }
}
