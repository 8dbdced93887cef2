using System.Security.Cryptography;
using System.Text;
using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Handlers;

/// <summary>
/// Opaque nextToken: base64url of "operation|position|filter-hash|check", where check is an HMAC under a per-host
/// random key. A token altered, made up, from another operation or used with other filters is rejected (400).
/// The position is the store sequence number of the last item returned, so items that change status between
/// pages are neither skipped nor repeated.
/// </summary>
internal sealed class PageToken
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Encode(string operation, string filterKey, long afterSeq)
    {
        string body = $"{operation}|{afterSeq}|{Hash(filterKey)}";
        return Base64Url(Encoding.UTF8.GetBytes(body + "|" + Check(body)));
    }

    public long Decode(string operation, string filterKey, string? token)
    {
        if (string.IsNullOrEmpty(token)) return 0;
        try
        {
            string text = Encoding.UTF8.GetString(FromBase64Url(token));
            string[] parts = text.Split('|');
            if (parts.Length == 4)
            {
                string body = $"{parts[0]}|{parts[1]}|{parts[2]}";
                if (parts[0] == operation && parts[2] == Hash(filterKey) &&
                    CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(parts[3]), Encoding.ASCII.GetBytes(Check(body))) &&
                    long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long seq))
                    return seq;
            }
        }
        catch (FormatException)
        {
        }
        throw EmulatorApiException.InvalidRequest("The nextToken is not valid: pass back a nextToken from a previous response of the same call with the same filters.");
    }

    /// <summary>A token whose position is a name (lists ordered by name, such as ListThingGroups): the last name returned.</summary>
    public string EncodeName(string operation, string filterKey, string afterName)
    {
        string body = $"{operation}|n{Base64Url(Encoding.UTF8.GetBytes(afterName))}|{Hash(filterKey)}";
        return Base64Url(Encoding.UTF8.GetBytes(body + "|" + Check(body)));
    }

    /// <summary>The name a token from <see cref="EncodeName"/> continues after; null for no token.</summary>
    public string? DecodeName(string operation, string filterKey, string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            string text = Encoding.UTF8.GetString(FromBase64Url(token));
            string[] parts = text.Split('|');
            if (parts.Length == 4 && parts[1].StartsWith('n'))
            {
                string body = $"{parts[0]}|{parts[1]}|{parts[2]}";
                if (parts[0] == operation && parts[2] == Hash(filterKey) &&
                    CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(parts[3]), Encoding.ASCII.GetBytes(Check(body))))
                    return Encoding.UTF8.GetString(FromBase64Url(parts[1][1..]));
            }
        }
        catch (FormatException)
        {
        }
        throw EmulatorApiException.InvalidRequest("The nextToken is not valid: pass back a nextToken from a previous response of the same call with the same filters.");
    }

    private string Check(string body) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(body)))[..16];

    private static string Hash(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..12];

    private static string Base64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string s)
    {
        string t = s.Replace('-', '+').Replace('_', '/');
        t = t.PadRight(t.Length + (4 - t.Length % 4) % 4, '=');
        return Convert.FromBase64String(t);
    }
}
