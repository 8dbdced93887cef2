using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IoTJobs.Emulator.Auth;

/// <summary>
/// AWS Signature Version 4 primitives (HMAC-SHA256), shared by the server's verifier and the seed command's signer.
/// Written by hand from the published algorithm; non-S3 rules (the path is URI-encoded a second time).
/// </summary>
public static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";
    public static readonly string EmptyPayloadHash = HexSha256(Array.Empty<byte>());

    /// <summary>RFC 3986 encoding as SigV4 wants it: every byte except A-Z a-z 0-9 - _ . ~ (and '/' when kept) becomes %XX.</summary>
    public static string UriEncode(string value, bool keepSlash)
    {
        var sb = new StringBuilder(value.Length + 16);
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            char c = (char)b;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/'))
                sb.Append(c);
            else
                sb.Append('%').Append(((int)b).ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>
    /// Canonical URI of a non-S3 request: the path exactly as sent on the wire (already percent-encoded once)
    /// is encoded again, so "/things/dev%3A1" becomes "/things/dev%253A1".
    /// </summary>
    public static string CanonicalUri(string rawPath)
    {
        if (string.IsNullOrEmpty(rawPath)) return "/";
        return UriEncode(rawPath, keepSlash: true);
    }

    /// <summary>Canonical query: each name and value decoded, re-encoded strictly, sorted by name then value.</summary>
    public static string CanonicalQuery(string? rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery)) return "";
        string q = rawQuery[0] == '?' ? rawQuery[1..] : rawQuery;
        var pairs = new List<(string Key, string Value)>();
        foreach (string part in q.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            string k = eq < 0 ? part : part[..eq];
            string v = eq < 0 ? "" : part[(eq + 1)..];
            pairs.Add((UriEncode(SafeUnescape(k), false), UriEncode(SafeUnescape(v), false)));
        }
        pairs.Sort((a, b) =>
        {
            int c = string.CompareOrdinal(a.Key, b.Key);
            return c != 0 ? c : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join("&", pairs.Select(p => p.Key + "=" + p.Value));
    }

    /// <summary>Percent-decoding that leaves malformed escapes alone instead of throwing.</summary>
    internal static string SafeUnescape(string s)
    {
        if (s.IndexOf('%') < 0) return s;
        try { return Uri.UnescapeDataString(s); }
        catch (UriFormatException) { return s; }
    }

    /// <summary>Header value in canonical form: values joined by ',', trimmed, inner runs of spaces collapsed.</summary>
    public static string CanonicalHeaderValue(IEnumerable<string> values)
    {
        return string.Join(",", values.Select(v =>
        {
            var sb = new StringBuilder(v.Length);
            bool space = false;
            foreach (char c in v.Trim())
            {
                if (c == ' ' || c == '\t')
                {
                    if (!space) sb.Append(' ');
                    space = true;
                }
                else
                {
                    sb.Append(c);
                    space = false;
                }
            }
            return sb.ToString();
        }));
    }

    /// <summary>Builds the canonical request string.</summary>
    public static string CanonicalRequest(string method, string rawPath, string? rawQuery,
        IReadOnlyList<string> signedHeaders, Func<string, IEnumerable<string>?> headerValues, string payloadHash)
    {
        var sb = new StringBuilder(256);
        sb.Append(method.ToUpperInvariant()).Append('\n');
        sb.Append(CanonicalUri(rawPath)).Append('\n');
        sb.Append(CanonicalQuery(rawQuery)).Append('\n');
        foreach (string h in signedHeaders)
        {
            var values = headerValues(h) ?? Array.Empty<string>();
            sb.Append(h).Append(':').Append(CanonicalHeaderValue(values)).Append('\n');
        }
        sb.Append('\n');
        sb.Append(string.Join(";", signedHeaders)).Append('\n');
        sb.Append(payloadHash);
        return sb.ToString();
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        Algorithm + "\n" + amzDate + "\n" + scope + "\n" + HexSha256(Encoding.UTF8.GetBytes(canonicalRequest));

    public static string Scope(string date, string region, string service) => $"{date}/{region}/{service}/aws4_request";

    public static byte[] SigningKey(string secretKey, string date, string region, string service)
    {
        byte[] k = HmacSha256(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        k = HmacSha256(k, region);
        k = HmacSha256(k, service);
        return HmacSha256(k, "aws4_request");
    }

    public static string Signature(string secretKey, string date, string region, string service, string stringToSign) =>
        Convert.ToHexStringLower(HmacSha256(SigningKey(secretKey, date, region, service), stringToSign));

    public static byte[] HmacSha256(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
