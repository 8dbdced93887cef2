using System.Buffers;
using System.Text;
using System.Xml;
using IoTJobs.Emulator.Handlers.Sts;

namespace IoTJobs.Emulator.Http;

/// <summary>
/// Writes answers: bodies, rest-json errors (x-amzn-ErrorType header + { message }) and STS's Query errors
/// (&lt;ErrorResponse&gt;&lt;Error&gt;Type, Code, Message&lt;/Error&gt;&lt;RequestId/&gt;). <c>beforeSend</c> sees
/// what is sent first (the response-shape check), with the error code as written.
/// </summary>
internal static class ResponseWriter
{
    public static async Task WriteAsync(HttpContext ctx, int status, ReadOnlyMemory<byte> body, string contentType)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted);
    }

    /// <summary>A JSON answer (admin endpoints, rest-json errors).</summary>
    public static Task WriteJsonAsync(HttpContext ctx, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer)) write(w);
        return WriteAsync(ctx, status, buffer.WrittenMemory, "application/json");
    }

    public static async Task WriteErrorAsync(HttpContext ctx, EmulatorApiException ex, bool sts, string requestId,
        Action<string, ReadOnlyMemory<byte>>? beforeSend = null)
    {
        if (ctx.Response.HasStarted)
        {
            ctx.Abort();
            return;
        }
        try
        {
            if (sts)
            {
                string code = QueryCode(ex.ErrorCode);
                var body = QueryError(ex.StatusCode, code, ex.Message, requestId);
                beforeSend?.Invoke(code, body);
                await WriteAsync(ctx, ex.StatusCode, body, StsOperation.ContentType);
                return;
            }
            ctx.Response.Headers["x-amzn-ErrorType"] = ex.ErrorCode;
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("message", ex.Message);
                ex.ExtraFields?.Invoke(w);
                w.WriteEndObject();
            }
            beforeSend?.Invoke(ex.ErrorCode, buffer.WrittenMemory);
            await WriteAsync(ctx, ex.StatusCode, buffer.WrittenMemory, "application/json");
        }
        catch (Exception) when (ctx.RequestAborted.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The Query protocol's name for an error the rest-json APIs name (STS's own codes have no Exception suffix).</summary>
    public static string QueryCode(string restJsonCode) => restJsonCode switch
    {
        "MissingAuthenticationTokenException" => "MissingAuthenticationToken",
        "UnrecognizedClientException" => "InvalidClientTokenId",
        "InvalidSignatureException" => "SignatureDoesNotMatch",
        "IncompleteSignatureException" => "IncompleteSignature",
        "AccessDeniedException" => "AccessDenied",
        "ExpiredTokenException" => "ExpiredToken",
        "ThrottlingException" => "Throttling",
        "ServiceUnavailableException" => "ServiceUnavailable",
        "InternalFailureException" => "InternalFailure",
        "UnknownOperationException" => "InvalidAction",
        "InvalidRequestException" => "InvalidParameterValue",
        _ => restJsonCode,
    };

    private static byte[] QueryError(int status, string code, string message, string requestId)
    {
        string ns = StsOperation.XmlNamespace;
        var body = new MemoryStream();
        using (var x = XmlWriter.Create(body, new XmlWriterSettings { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true }))
        {
            x.WriteStartElement("ErrorResponse", ns);
            x.WriteStartElement("Error", ns);
            x.WriteElementString("Type", ns, status >= 500 ? "Receiver" : "Sender");
            x.WriteElementString("Code", ns, code);
            x.WriteElementString("Message", ns, message);
            x.WriteEndElement();
            x.WriteElementString("RequestId", ns, requestId);
            x.WriteEndElement();
        }
        return body.ToArray();
    }
}
