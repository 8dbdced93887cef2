using System.Net;
using System.Text;
using System.Xml.Linq;
using IoTJobs.Emulator.Auth;

namespace IoTJobs.Emulator.Tests;

/// <summary>One STS answer: status, content type, the XML body, the x-amzn-RequestId header.</summary>
public sealed record StsResponse(HttpStatusCode Status, string? ContentType, XElement Body, string? RequestId)
{
    private static readonly XNamespace Ns = "https://sts.amazonaws.com/doc/2011-06-15/";

    /// <summary>A member of GetCallerIdentityResult (Arn, UserId, Account).</summary>
    public string? Result(string member) => Body.Element(Ns + "GetCallerIdentityResult")?.Element(Ns + member)?.Value;

    /// <summary>Error/Code and Error/Message of an ErrorResponse.</summary>
    public string? ErrorCode => Body.Element(Ns + "Error")?.Element(Ns + "Code")?.Value;
    public string? ErrorMessage => Body.Element(Ns + "Error")?.Element(Ns + "Message")?.Value;
    public string? ErrorType => Body.Element(Ns + "Error")?.Element(Ns + "Type")?.Value;
    public string? BodyRequestId => (Body.Element(Ns + "ResponseMetadata") ?? Body).Element(Ns + "RequestId")?.Value;
}

/// <summary>Sends STS Query requests (form bodies, as botocore does) signed with the emulator's own signer.</summary>
public static class StsClient
{
    public const string GetCallerIdentityForm = "Action=GetCallerIdentity&Version=2011-06-15";

    public static async Task<StsResponse> Send(Uri baseAddress, string form = GetCallerIdentityForm, string accessKey = "test",
        string secretKey = "test", string region = "us-east-1", string? service = "sts")
    {
        using var http = new HttpClient();
        using var req = new HttpRequestMessage(HttpMethod.Post, baseAddress);
        req.Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded");
        if (service != null) await new SigV4Signer(accessKey, secretKey, region).SignAsync(req, service);
        using var resp = await http.SendAsync(req);
        string text = await resp.Content.ReadAsStringAsync();
        return new StsResponse(resp.StatusCode, resp.Content.Headers.ContentType?.MediaType, XElement.Parse(text),
            resp.Headers.TryGetValues("x-amzn-RequestId", out var rid) ? rid.First() : null);
    }
}
