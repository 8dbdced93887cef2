namespace IoTJobs.Client.Tests.Infrastructure;

/// <summary>Asserts that text leaving the client holds none of <see cref="TestClients"/>' secrets nor a signature.</summary>
public static class Secrets
{
    public static void AssertClean(string text)
    {
        Assert.DoesNotContain(TestClients.SecretKey, text);
        Assert.DoesNotContain(Uri.EscapeDataString(TestClients.SecretKey), text);
        Assert.DoesNotContain(TestClients.SessionToken, text);
        Assert.DoesNotContain("Authorization", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("Signature=[0-9a-f]{64}", text);
    }

    /// <summary>An exception and its inner ones, as ToString shows them.</summary>
    public static string Chain(Exception ex)
    {
        var parts = new List<string>();
        for (var e = ex; e != null; e = e.InnerException) parts.Add(e.ToString());
        return string.Join("\n", parts);
    }
}
