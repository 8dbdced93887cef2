using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Auth;

/// <summary>The parts of an HTTP request that SigV4 covers, as received.</summary>
internal sealed class SigV4Request
{
    public required string Method { get; init; }
    /// <summary>Path exactly as on the wire (percent-encoded once by the client).</summary>
    public required string RawPath { get; init; }
    /// <summary>Query string as on the wire, without '?'.</summary>
    public required string RawQuery { get; init; }
    /// <summary>Header values by lower-case name, or null if absent.</summary>
    public required Func<string, IEnumerable<string>?> Headers { get; init; }
    public required byte[] Body { get; init; }
}

/// <summary>Checks a request's SigV4 Authorization header against one set of credentials.</summary>
internal static class SigV4Verifier
{
    internal static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);

    /// <summary>Returns the credential-scope service name when the signature is valid; throws an AWS-style error otherwise.</summary>
    public static string Verify(SigV4Request req, string accessKey, string secretKey, string region, DateTimeOffset now)
    {
        string? auth = First(req.Headers("authorization"));
        if (string.IsNullOrWhiteSpace(auth))
            throw new EmulatorApiException(403, "MissingAuthenticationTokenException", "Missing Authentication Token");

        if (!auth.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal))
            throw Incomplete($"Authorization header must use the {SigV4.Algorithm} algorithm.");

        string? credential = null, signedHeadersText = null, signature = null;
        foreach (string rawPart in auth[(SigV4.Algorithm.Length + 1)..].Split(','))
        {
            string part = rawPart.Trim();
            int eq = part.IndexOf('=');
            if (eq <= 0) continue;
            string key = part[..eq];
            string value = part[(eq + 1)..].Trim();
            switch (key)
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeadersText = value; break;
                case "Signature": signature = value; break;
            }
        }
        if (credential == null) throw Incomplete("Authorization header requires 'Credential' parameter.");
        if (signedHeadersText == null) throw Incomplete("Authorization header requires 'SignedHeaders' parameter.");
        if (signature == null) throw Incomplete("Authorization header requires 'Signature' parameter.");

        string[] cred = credential.Split('/');
        if (cred.Length != 5 || cred[4] != "aws4_request")
            throw Incomplete("Credential must have the form <access key>/<date>/<region>/<service>/aws4_request.");
        string keyId = cred[0], scopeDate = cred[1], scopeRegion = cred[2], service = cred[3];

        if (!string.Equals(keyId, accessKey, StringComparison.Ordinal))
            throw new EmulatorApiException(403, "UnrecognizedClientException", "The security token included in the request is invalid.");

        string? amzDate = First(req.Headers("x-amz-date"));
        DateTimeOffset requestTime;
        if (amzDate != null)
        {
            if (!DateTimeOffset.TryParseExact(amzDate, SigV4.AmzDateFormat, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out requestTime))
                throw Incomplete($"X-Amz-Date '{amzDate}' must have the form yyyyMMddTHHmmssZ.");
        }
        else
        {
            string? date = First(req.Headers("date"));
            if (date == null || !DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out requestTime))
                throw Incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
            amzDate = requestTime.UtcDateTime.ToString(SigV4.AmzDateFormat, CultureInfo.InvariantCulture);
        }

        string nowText = now.UtcDateTime.ToString(SigV4.AmzDateFormat, CultureInfo.InvariantCulture);
        if (requestTime < now - MaxSkew)
            throw InvalidSignature($"Signature expired: {amzDate} is now earlier than " +
                $"{(now - MaxSkew).UtcDateTime.ToString(SigV4.AmzDateFormat, CultureInfo.InvariantCulture)} ({nowText} - 15 min.)");
        if (requestTime > now + MaxSkew)
            throw InvalidSignature($"Signature not yet current: {amzDate} is still later than " +
                $"{(now + MaxSkew).UtcDateTime.ToString(SigV4.AmzDateFormat, CultureInfo.InvariantCulture)} ({nowText} + 15 min.)");

        if (scopeDate != amzDate[..8])
            throw InvalidSignature($"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scopeDate}' != '{amzDate[..8]}'.");
        if (scopeRegion != region)
            throw InvalidSignature($"Credential should be scoped to a valid region, not '{scopeRegion}'. This endpoint serves '{region}'.");

        var signedHeaders = signedHeadersText.Split(';', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (!signedHeaders.Contains("host"))
            throw InvalidSignature("'Host' must be a signed header.");
        foreach (string h in signedHeaders)
        {
            if (h != h.ToLowerInvariant())
                throw InvalidSignature($"Signed header names must be lower case: '{h}'.");
            if (req.Headers(h) == null)
                throw InvalidSignature($"Signed header '{h}' is not in the request.");
        }
        if (req.Headers("x-amz-security-token") != null && !signedHeaders.Contains("x-amz-security-token"))
            throw InvalidSignature("'X-Amz-Security-Token' must be a signed header.");

        string bodyHash = SigV4.HexSha256(req.Body);
        string? declaredHash = First(req.Headers("x-amz-content-sha256"));
        string payloadHash = bodyHash;
        if (declaredHash != null)
        {
            if (declaredHash != "UNSIGNED-PAYLOAD" && !string.Equals(declaredHash, bodyHash, StringComparison.OrdinalIgnoreCase))
                throw InvalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.");
            payloadHash = declaredHash;
        }

        string canonical = SigV4.CanonicalRequest(req.Method, req.RawPath, req.RawQuery, signedHeaders, req.Headers, payloadHash);
        string scope = SigV4.Scope(scopeDate, scopeRegion, service);
        string stringToSign = SigV4.StringToSign(amzDate, scope, canonical);
        string expected = SigV4.Signature(secretKey, scopeDate, scopeRegion, service, stringToSign);

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature.ToLowerInvariant())))
        {
            // Like AWS, show the canonical request to help debug a client; the session token value is masked (it is a secret).
            string shown = RedactToken(canonical);
            throw InvalidSignature(
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key " +
                "and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'" +
                shown + "'\n\nThe String-to-Sign should have been\n'" +
                SigV4.StringToSign(amzDate, scope, shown).Split('\n')[0] + "\n" + amzDate + "\n" + scope + "'\n");
        }
        return service;
    }

    private static string RedactToken(string canonical)
    {
        var lines = canonical.Split('\n');
        for (int i = 0; i < lines.Length; i++)
            if (lines[i].StartsWith("x-amz-security-token:", StringComparison.Ordinal))
                lines[i] = "x-amz-security-token:<redacted>";
        return string.Join("\n", lines);
    }

    private static string? First(IEnumerable<string>? values) => values?.FirstOrDefault();

    private static EmulatorApiException Incomplete(string message) => new(400, "IncompleteSignatureException", message);

    private static EmulatorApiException InvalidSignature(string message) => new(403, "InvalidSignatureException", message);
}
