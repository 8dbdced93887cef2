using System.Collections;
using System.Runtime.Loader;
using Amazon.Runtime;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Client.Tests.Credentials;

/// <summary>
/// Credentials objects this client's AWSSDK.Core did not make (ClientOptions.ExternalCredentials): another AWSSDK.Core's
/// AWSCredentials (as AWS.Tools hands out), ImmutableCredentials-like objects and dictionaries, adapted by duck typing;
/// refreshing ones asked again for every signature; clear errors for anything else, never with a secret in them.
/// In the non-parallel collection: resolving settings reads the environment that other test classes change.
/// </summary>
[Collection("Environment")]
public sealed class ExternalCredentialsTests : IAsyncLifetime
{
    private EmulatorHost _host = null!;

    public async Task InitializeAsync() => _host = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, Quiet = true });
    public async Task DisposeAsync() => await _host.DisposeAsync();

    // Everything explicit, so nothing here reads the environment that other test classes change.
    private ClientOptions Options(object? external) => new()
    {
        Region = "us-east-1", EndpointUrl = _host.BaseAddress.ToString(), MaxAttempts = 1, ExternalCredentials = external,
    };

    private static ResolvedSettings Resolve(object external) =>
        ClientSettingsResolver.Resolve(new ClientOptions { Region = "us-east-1", EndpointUrl = "http://127.0.0.1:1", MaxAttempts = 1, ExternalCredentials = external });

    // ---- shapes a foreign AWSSDK.Core or a script could hand over

    public sealed class DuckKeys
    {
        public string? AccessKey { get; set; }
        public string? SecretKey { get; set; }
        public string? Token { get; set; }
    }

    /// <summary>Like an assumed-role AWSCredentials of another AWSSDK.Core: keys change over time.</summary>
    public sealed class RotatingDuck
    {
        public int Calls;
        public string Secret = "test";
        public DuckKeys GetCredentials() { Interlocked.Increment(ref Calls); return new DuckKeys { AccessKey = "test", SecretKey = Secret }; }
    }

    public sealed class AsyncDuck
    {
        public int SyncCalls, AsyncCalls;
        public DuckKeys GetCredentials() { SyncCalls++; return new DuckKeys { AccessKey = "test", SecretKey = "test" }; }
        public async Task<DuckKeys> GetCredentialsAsync() { await Task.Yield(); AsyncCalls++; return new DuckKeys { AccessKey = "test", SecretKey = "test" }; }
    }

    public sealed class ThrowingDuck
    {
        public DuckKeys GetCredentials() => throw new InvalidOperationException("the SSO session has expired");
    }

    public sealed class Unrelated
    {
        public string Name { get; set; } = "not credentials";
    }

    [Fact]
    public void OwnAWSCredentials_AreUsedAsThey_Are()
    {
        var own = new BasicAWSCredentials("AKIDOWN", "own-secret-0001");
        var s = Resolve(own);
        Assert.Same(own, s.Credentials);
        Assert.Equal("explicit credentials object (BasicAWSCredentials)", s.CredentialSource);
    }

    [Fact]
    public void CredentialsProperty_WinsOver_ExternalCredentials()
    {
        var own = new BasicAWSCredentials("AKIDOWN", "own-secret-0001");
        var s = ClientSettingsResolver.Resolve(new ClientOptions
        {
            Region = "us-east-1", EndpointUrl = "http://127.0.0.1:1", MaxAttempts = 1, Credentials = own,
            ExternalCredentials = new DuckKeys { AccessKey = "AKIDDUCK", SecretKey = "duck-secret-0001" },
        });
        Assert.Same(own, s.Credentials);
    }

    [Fact]
    public void ExternalCredentials_WinOver_AccessKeyParameters()
    {
        var s = ClientSettingsResolver.Resolve(new ClientOptions
        {
            Region = "us-east-1", EndpointUrl = "http://127.0.0.1:1", MaxAttempts = 1, AccessKey = "AKIDPARAM", SecretKey = "param-secret-0001",
            ExternalCredentials = new DuckKeys { AccessKey = "AKIDDUCK", SecretKey = "duck-secret-0001" },
        });
        Assert.Equal("AKIDDUCK", s.Credentials.GetCredentials().AccessKey);
    }

    [Fact]
    public void ImmutableLikeObject_BecomesBasicOrSessionCredentials()
    {
        var basic = Resolve(new DuckKeys { AccessKey = "AKIDDUCK", SecretKey = "duck-secret-0001" });
        Assert.IsType<BasicAWSCredentials>(basic.Credentials);
        Assert.Equal("duck-secret-0001", basic.Credentials.GetCredentials().SecretKey);
        Assert.Equal("explicit credentials object (DuckKeys with AccessKey and SecretKey)", basic.CredentialSource);

        var session = Resolve(new DuckKeys { AccessKey = "ASIADUCK", SecretKey = "duck-secret-0002", Token = "duck-token" });
        Assert.IsType<SessionAWSCredentials>(session.Credentials);
        Assert.Equal("duck-token", session.Credentials.GetCredentials().Token);
    }

    [Fact]
    public void Dictionary_WithSessionToken_BecomesSessionCredentials()
    {
        var s = Resolve(new Hashtable(StringComparer.OrdinalIgnoreCase) { ["accesskey"] = "ASIAHASH", ["SecretKey"] = "hash-secret-0001", ["SessionToken"] = "hash-token" });
        var keys = s.Credentials.GetCredentials();
        Assert.Equal(("ASIAHASH", "hash-secret-0001", "hash-token"), (keys.AccessKey, keys.SecretKey, keys.Token));
    }

    [Fact]
    public async Task RefreshingObject_IsAskedOnEveryCall_AndItsNewKeysAreUsed()
    {
        var duck = new RotatingDuck();
        var s = Resolve(duck);
        Assert.Equal(0, duck.Calls); // resolving does not ask: a refresh may be a network call
        Assert.Contains("asked for keys on every request", s.CredentialSource);
        Assert.Equal("test", s.Credentials.GetCredentials().SecretKey);
        duck.Secret = "rotated-secret-0001";
        Assert.Equal("rotated-secret-0001", (await s.Credentials.GetCredentialsAsync()).SecretKey);
        Assert.Equal(2, duck.Calls);
    }

    [Fact]
    public async Task AsyncPath_OfTheSource_IsPreferred()
    {
        var duck = new AsyncDuck();
        var creds = Resolve(duck).Credentials;
        Assert.Equal("test", (await creds.GetCredentialsAsync()).AccessKey);
        Assert.Equal((0, 1), (duck.SyncCalls, duck.AsyncCalls));
    }

    [Fact]
    public void ProviderFailure_SurfacesAsTheProvidersOwnException()
    {
        var creds = Resolve(new ThrowingDuck()).Credentials;
        var ex = Assert.Throws<InvalidOperationException>(() => creds.GetCredentials());
        Assert.Equal("the SSO session has expired", ex.Message);
    }

    [Fact]
    public void WrongShape_IsRefused_NamingTheTypeAndWhatIsAccepted()
    {
        var ex = Assert.Throws<IoTJobsConfigurationException>(() => Resolve(new Unrelated()));
        Assert.Contains(typeof(Unrelated).FullName!, ex.Message);
        Assert.Contains("GetCredentials()", ex.Message);
        Assert.Contains("AccessKey and SecretKey", ex.Message);
    }

    [Fact]
    public void MissingKey_IsRefused_WithoutEchoingTheSecret()
    {
        var ex = Assert.Throws<IoTJobsConfigurationException>(() => Resolve(new DuckKeys { AccessKey = "", SecretKey = "do-not-print-me-0001" }));
        Assert.Contains("no AccessKey value", ex.Message);
        Assert.DoesNotContain("do-not-print-me-0001", ex.Message);
    }

    [Fact]
    public void Identity_IsStablePerKeysAndPerObject_AndHoldsNoSecret()
    {
        string Id(object external) => ClientSettingsResolver.CredentialIdentity(Resolve(external));
        var a = Id(new DuckKeys { AccessKey = "AKIDA", SecretKey = "identity-secret-0001" });
        Assert.Equal(a, Id(new DuckKeys { AccessKey = "AKIDA", SecretKey = "identity-secret-0001" }));
        Assert.NotEqual(a, Id(new DuckKeys { AccessKey = "AKIDA", SecretKey = "identity-secret-0002" }));
        Assert.DoesNotContain("identity-secret", a);

        var duck = new RotatingDuck();
        Assert.Equal(Id(duck), Id(duck));
        Assert.NotEqual(Id(duck), Id(new RotatingDuck()));
    }

    // ---- end to end: real SigV4 against the emulator

    [Fact]
    public async Task RefreshingObject_SignsEveryRequestWithTheKeysItHasThen()
    {
        _host.Store.Seed("ext-rotate", new[] { "r1", "r2" });
        var duck = new RotatingDuck();
        using var client = IoTJobsClient.Create(Options(duck));
        await client.CancelJobExecutionAsync(new CancelJobExecutionRequest { JobId = "ext-rotate", ThingName = "r1" });
        Assert.Equal(1, duck.Calls);
        duck.Secret = "rotated-away-0001";
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() =>
            client.CancelJobExecutionAsync(new CancelJobExecutionRequest { JobId = "ext-rotate", ThingName = "r2" }));
        Assert.Equal(403, ex.StatusCode);
        Assert.Equal(2, duck.Calls);
        using var check = IoTJobsClient.Create(Options(new DuckKeys { AccessKey = "test", SecretKey = "test" }));
        Assert.Equal("CANCELED", (await check.DescribeJobExecutionAsync("r1", "ext-rotate")).Status);
    }

    /// <summary>
    /// The real case: AWSCredentials from AWSSDK.Core 4.0.3.3 (same assembly version, 4.0.0.0, different types) loaded in
    /// another load context, as AWS.Tools' would be beside the module's private one.
    /// </summary>
    [SkippableFact]
    public async Task CredentialsFromAnotherAWSSDKCore_SignRequests()
    {
        var oldCore = OldCorePath();
        Skip.IfNot(File.Exists(oldCore), $"AWSSDK.Core 4.0.3.3 is not restored at {oldCore} (./build.sh build restores it)");
        var context = new AssemblyLoadContext("old-awssdk-core", isCollectible: true);
        try
        {
            var assembly = context.LoadFromAssemblyPath(oldCore);
            Assert.Equal(new Version(4, 0, 0, 0), assembly.GetName().Version);
            Assert.Null(assembly.GetType("Amazon.Runtime.Signing.AWSSigV4Signer"));
            var basicType = assembly.GetType("Amazon.Runtime.BasicAWSCredentials", throwOnError: true)!;
            var good = Activator.CreateInstance(basicType, "test", "test")!;
            var bad = Activator.CreateInstance(basicType, "test", "not-the-secret")!;
            Assert.False(good is AWSCredentials); // same name, another type: why the module cannot type -Credential as AWSCredentials

            _host.Store.Seed("ext-old", new[] { "o1", "o2" });
            var settings = ClientSettingsResolver.Resolve(Options(good));
            Assert.Equal("explicit credentials object (BasicAWSCredentials from AWSSDK.Core 4.0.3.3)", settings.CredentialSource);
            using (var client = IoTJobsClient.Create(Options(good)))
            {
                await client.CancelJobExecutionAsync(new CancelJobExecutionRequest { JobId = "ext-old", ThingName = "o1" });
                Assert.Equal("CANCELED", (await client.DescribeJobExecutionAsync("o1", "ext-old")).Status);
            }
            using (var client = IoTJobsClient.Create(Options(bad)))
            {
                var ex = await Assert.ThrowsAsync<IoTServiceException>(() =>
                    client.CancelJobExecutionAsync(new CancelJobExecutionRequest { JobId = "ext-old", ThingName = "o2" }));
                Assert.Equal(403, ex.StatusCode);
                Assert.DoesNotContain("not-the-secret", ex.Message);
            }
            Assert.Equal(1, _host.RequestCount("DescribeJobExecution"));
        }
        finally
        {
            context.Unload();
        }
    }

    private static string OldCorePath() =>
        IoTJobs.TestSupport.Repository.PathOf("out", "tools", "awssdk.core", "4.0.3.3", "lib", "netstandard2.0", "AWSSDK.Core.dll");
}
