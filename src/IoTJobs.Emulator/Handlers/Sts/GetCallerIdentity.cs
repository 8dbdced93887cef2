using System.Xml;

namespace IoTJobs.Emulator.Handlers.Sts;

/// <summary>
/// STS GetCallerIdentity, POST / with Action=GetCallerIdentity: the account the signing key acts in (--account, or
/// the account POST /_emulator/credentials gave the key), as an IAM user ARN in the partition of --region.
/// </summary>
internal sealed class GetCallerIdentity() : StsOperation(Operations.GetCallerIdentity)
{
    protected override void WriteResult(OperationRequest request, XmlWriter x)
    {
        var who = request.Caller;
        x.WriteElementString("Arn", XmlNamespace, who.Arn(request.Store.Region));
        x.WriteElementString("UserId", XmlNamespace, who.UserId);
        x.WriteElementString("Account", XmlNamespace, who.Account);
    }
}
