namespace IoTJobs.Client.Tests.Infrastructure;

/// <summary>What the profile tests share: a [base] profile with keys, resolving a named profile, and a fake STS on loopback.</summary>
public static class Profiles
{
    public const string Base = "[base]\naws_access_key_id = AKIDBASE00000001\naws_secret_access_key = base-secret-key-000000001\n";

    public static ResolvedSettings Resolve(string profile, Func<MfaCodeRequest, string?>? mfa = null) =>
        ClientSettingsResolver.Resolve(new ClientOptions { ProfileName = profile, Region = "us-east-1", EndpointUrl = "http://127.0.0.1:1", MfaCodeProvider = mfa });

    /// <summary>A fake STS: every AssumeRole gets fresh keys for DurationSeconds (default 3600); the form of each call is kept.</summary>
    public static ScriptedServer FakeSts(List<Dictionary<string, string>> calls) => ScriptedServer.Start((req, i) =>
    {
        var form = req.BodyText.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.Length > 1 ? p[1].Replace('+', ' ') : ""));
        lock (calls) calls.Add(form);
        var xml = $"<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult><Credentials>" +
                  $"<AccessKeyId>ASIAFAKESTS{i:D8}</AccessKeyId><SecretAccessKey>fake-sts-secret-{i:D8}-0000000000000</SecretAccessKey>" +
                  $"<SessionToken>fake-sts-token-{i:D8}</SessionToken><Expiration>{DateTime.UtcNow.AddSeconds(form.TryGetValue("DurationSeconds", out var d) ? int.Parse(d) : 3600):yyyy-MM-ddTHH:mm:ssZ}</Expiration></Credentials>" +
                  "<AssumedRoleUser><AssumedRoleId>AROAFAKE:s</AssumedRoleId><Arn>arn:aws:sts::111111111111:assumed-role/R/s</Arn></AssumedRoleUser>" +
                  "</AssumeRoleResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></AssumeRoleResponse>";
        return Reply.Raw(200, "text/xml", xml);
    });
}
