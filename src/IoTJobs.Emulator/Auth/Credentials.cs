using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Auth;

/// <summary>Who a key pair acts as: an IAM user in an account (what STS GetCallerIdentity answers).</summary>
internal sealed record Identity(string AccessKey, string Account, string UserName)
{
    public string Arn(string region) => $"arn:{IoTJobs.Aws.Partitions.For(region).Id}:iam::{Account}:user/{UserName}";

    /// <summary>An IAM user id (AIDA + 17 characters), the same for the same access key every run.</summary>
    public string UserId
    {
        get
        {
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(AccessKey));
            return "AIDA" + new string(hash.Take(17).Select(b => alphabet[b % 32]).ToArray());
        }
    }
}

/// <summary>
/// The key pairs the emulator accepts: --access-key/--secret-key in --account, and more added at run time
/// (POST /_emulator/credentials), each with its own account; plus signed requests counted per access key.
/// </summary>
internal sealed class Credentials
{
    internal const string DefaultUserName = "emulator";

    private readonly EmulatorOptions _options;
    private readonly ConcurrentDictionary<string, (string Secret, Identity Identity)> _extra = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _requestsByKey = new(StringComparer.Ordinal);

    public Credentials(EmulatorOptions options) => _options = options;

    /// <summary>The key and secret a request naming <paramref name="accessKey"/> is verified against (the primary pair unless the key was added).</summary>
    public (string AccessKey, string SecretKey) PairFor(string accessKey) =>
        _extra.TryGetValue(accessKey, out var extra) ? (accessKey, extra.Secret) : (_options.AccessKey, _options.SecretKey);

    /// <summary>The identity of a key that verified.</summary>
    public Identity IdentityOf(string accessKey) =>
        _extra.TryGetValue(accessKey, out var extra) ? extra.Identity : new Identity(accessKey, _options.Account, DefaultUserName);

    public void Add(string accessKey, string secretKey, string? account, string? userName) =>
        _extra[accessKey] = (secretKey, new Identity(accessKey, account ?? _options.Account, userName ?? DefaultUserName));

    /// <summary>Stops accepting an added key (as an expired key); the primary pair stays.</summary>
    public void Remove(string accessKey) => _extra.TryRemove(accessKey, out _);

    public void CountRequest(string accessKey) => _requestsByKey.AddOrUpdate(accessKey, 1, (_, n) => n + 1);

    public IEnumerable<KeyValuePair<string, long>> RequestsByKey() => _requestsByKey.OrderBy(kv => kv.Key, StringComparer.Ordinal);

    public void ResetCounts() => _requestsByKey.Clear();
}
