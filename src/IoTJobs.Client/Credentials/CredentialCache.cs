using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace IoTJobs.Client.Credentials
{
    /// <summary>
    /// Refreshing credentials kept for the process, by the hash of their whole definition: the next command reuses an
    /// assumed role (no new AssumeRole call, no new MFA code) until it expires, or until the definition changes.
    /// </summary>
    internal static class CredentialCache
    {
        private static readonly ConcurrentDictionary<string, Entry> Entries = new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal);

        /// <summary>The prompt the latest command supplied: a cached role asks through the command that needs the code.</summary>
        internal sealed class MfaSlot
        {
            public volatile Func<MfaCodeRequest, string?>? Provider;
        }

        private sealed class Entry
        {
            public Entry(CredentialChoice choice, MfaSlot slot)
            {
                Choice = choice;
                Slot = slot;
            }

            public CredentialChoice Choice { get; }
            public MfaSlot Slot { get; }
        }

        /// <summary>The cached choice for a profile definition (or this one, first), its prompt set to the current command's.</summary>
        public static CredentialChoice ForProfile(string key, CredentialChoice built, MfaSlot slot, Func<MfaCodeRequest, string?>? provider)
        {
            var entry = Entries.GetOrAdd("profile:" + key, _ => new Entry(built, slot));
            entry.Slot.Provider = provider;
            return entry.Choice;
        }

        /// <summary>A refreshing source from the environment, kept while the variables stay the same.</summary>
        public static CredentialChoice ForEnvironment(string environmentKey, Func<CredentialChoice> make) =>
            Entries.GetOrAdd("environment:" + Hash(environmentKey), _ => new Entry(make(), new MfaSlot())).Choice;

        /// <summary>Forgets every cached credential (tests).</summary>
        internal static void Clear() => Entries.Clear();

        /// <summary>SHA-256 as base64: the key holds key material, so it is hashed.</summary>
        public static string Hash(string text)
        {
            using var sha = SHA256.Create();
            return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
        }
    }
}
